import { defineMessages } from './define';

/** Districts: why an incident of another district is shown, and the known districts on the users page. */
export const districtsMessages = defineMessages({
  zhCN: {
    'districts.shownBecause.no_district_operator': '此警报显示给你，是因为{district}暂无接警员在线',
    'districts.noDistrict': '未分区居民',
    'districts.known': '已知辖区',
    'timeline.shown_to_every_console': '本辖区暂无接警员在线，已推送给所有控制台',
  },
  en: {
    'districts.shownBecause.no_district_operator': 'Shown to you because no operator of {district} is online',
    'districts.noDistrict': 'residents without a district',
    'districts.known': 'Known districts',
    'timeline.shown_to_every_console': 'No operator of its district online: shown to every console',
  },
});
