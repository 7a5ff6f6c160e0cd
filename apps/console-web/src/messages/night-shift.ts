import { defineMessages } from './define';

/** Texts of what must not go unnoticed on a night shift (issue 12): sound, repeat presses, the exhausted cascade, technical alarms. */
export const nightShiftMessages = defineMessages({
  zhCN: {
    'nightShift.soundBlocked': '警报声音已被浏览器阻止：点击此处启用警报声音',
    'nightShift.soundBlockedHint': '浏览器在重新加载后会静音，直到页面被点击一次。启用前，新警报不会发出声音。',
    'nightShift.soundBlockedPhone': '铃声和振动已被浏览器阻止：点击此处启用',
    'nightShift.soundBlockedPhoneHint': '启用前，新的派单不会响铃或振动。',
    'nightShift.soundUnsupported': '此浏览器无法播放警报声音：请使用其他浏览器，并留意屏幕。',
    'nightShift.soundChipBlocked': '声音：已被阻止',
    'nightShift.repeatFlag': '再次按键 ×{count}',
    'nightShift.repeatNotice': '接警后居民又按键了（共 {count} 次，最近一次 {time}）。居民可能情况恶化。',
    'nightShift.repeatSeen': '已看到',
    'nightShift.titleRepeat': '【再次按键：{count} 起】',
    'nightShift.nobodyComing': '照护团队无人前往',
    'nightShift.nobodyComingNotice': '照护团队无人前往：护理员、联络干部和家庭医生都已超时或拒绝（{time}）。请立即另行安排人员或拨打急救电话。',
    'nightShift.nobodyComingTitle': '照护团队无人前往的警报（{count}）',
    'nightShift.emergencies': '紧急警报',
    'nightShift.technicalSection': '技术告警（设备）',
    'nightShift.technicalNoPresses': '设备告警',
    'nightShift.kpiPresses': '按键次数（含重复按键）',
    'nightShift.kpiWaitingNote': '含 {count} 条仍在等待接警的警报（按当前等待时间计）',
    'nightShift.timelineExhausted': '照护团队无人前往：被派单的 {count} 位成员都已超时或拒绝',
  },
  en: {
    'nightShift.soundBlocked': 'The browser blocks the alarm sound: click here to enable the alarm sound',
    'nightShift.soundBlockedHint': 'After a reload the browser keeps the page silent until it is clicked once. Until then new alarms make no sound.',
    'nightShift.soundBlockedPhone': 'The browser blocks ringing and vibration: tap here to enable them',
    'nightShift.soundBlockedPhoneHint': 'Until then a new offer neither rings nor vibrates.',
    'nightShift.soundUnsupported': 'This browser cannot play the alarm sound: use another browser, and keep an eye on the screen.',
    'nightShift.soundChipBlocked': 'Sound: blocked',
    'nightShift.repeatFlag': 'Pressed again ×{count}',
    'nightShift.repeatNotice':
      'The resident pressed again after the alarm was acknowledged ({count} presses, last at {time}). Their situation may be getting worse.',
    'nightShift.repeatSeen': 'Seen',
    'nightShift.titleRepeat': '[PRESSED AGAIN: {count}]',
    'nightShift.nobodyComing': 'Nobody of the care team is coming',
    'nightShift.nobodyComingNotice':
      'Nobody of the care team is coming: carer, cadre and doctor all timed out or declined ({time}). Send someone else or call the emergency services now.',
    'nightShift.nobodyComingTitle': 'Alarms nobody of the care team is coming to ({count})',
    'nightShift.emergencies': 'Emergencies',
    'nightShift.technicalSection': 'Technical alerts (devices)',
    'nightShift.technicalNoPresses': 'Device alert',
    'nightShift.kpiPresses': 'Presses (repeats included)',
    'nightShift.kpiWaitingNote': 'Includes {count} alarm(s) still waiting, counted at their current wait',
    'nightShift.timelineExhausted': 'Nobody of the care team is coming: the {count} members asked all timed out or declined',
  },
});
