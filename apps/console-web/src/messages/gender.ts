import { defineMessages } from './define';

/** Gender as a choice, said in the person's language (the server stores the code: `female`, `male`, `other`). */
export const genderMessages = defineMessages({
  zhCN: {
    'gender.female': '女',
    'gender.male': '男',
    'gender.other': '其他',
  },
  en: {
    'gender.female': 'Female',
    'gender.male': 'Male',
    'gender.other': 'Other',
  },
});
