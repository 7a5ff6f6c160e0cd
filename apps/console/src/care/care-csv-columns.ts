import type { AlarmPattern, CareHoursRow, FollowUp, Visit, VisitRequest } from '@app/contracts';
import type { CsvColumn } from '../common/csv';

/** The columns of each CSV export, headers in Chinese and English (the people who open them read either). */

export const FOLLOW_UP_COLUMNS: readonly CsvColumn<FollowUp>[] = [
  { header: '回访编号 Follow-up', value: (f) => f.id },
  { header: '居民 Resident', value: (f) => f.resident.fullName },
  { header: '电话 Phone', value: (f) => f.resident.phone },
  { header: '辖区 District', value: (f) => f.resident.district },
  { header: '警情类型 Incident type', value: (f) => f.incident.type },
  { header: '警情时间 Opened at', value: (f) => f.incident.openedAt },
  { header: '处置结果 Incident outcome', value: (f) => f.incident.outcome },
  { header: '应回访 Due at', value: (f) => f.dueAt },
  { header: '状态 Status', value: (f) => (f.overdue ? 'overdue' : f.status) },
  { header: '回访结果 Outcome', value: (f) => f.outcome },
  { header: '满意度 Satisfaction', value: (f) => f.satisfaction },
  { header: '备注 Note', value: (f) => f.note },
  { header: '完成时间 Done at', value: (f) => f.doneAt },
  { header: '回访人 Done by', value: (f) => f.doneBy?.username },
  { header: '警情编号 Incident', value: (f) => f.incidentId },
];

export const VISIT_REQUEST_COLUMNS: readonly CsvColumn<VisitRequest>[] = [
  { header: '编号 Request', value: (q) => q.id },
  { header: '居民 Resident', value: (q) => q.resident.fullName },
  { header: '电话 Phone', value: (q) => q.resident.phone },
  { header: '地址 Address', value: (q) => q.resident.address },
  { header: '辖区 District', value: (q) => q.resident.district },
  { header: '状态 Status', value: (q) => q.status },
  { header: '提出时间 Created at', value: (q) => q.createdAt },
  { header: '备注 Note', value: (q) => q.note },
  { header: '完成时间 Done at', value: (q) => q.doneAt },
];

export const VISIT_COLUMNS: readonly CsvColumn<Visit>[] = [
  { header: '编号 Visit', value: (v) => v.id },
  { header: '服务人员 Responder', value: (v) => v.responder.fullName },
  { header: '开始 Started at', value: (v) => v.startedAt },
  { header: '结束 Ended at', value: (v) => v.endedAt },
  { header: '时长(小时) Hours', value: (v) => v.hours },
  { header: '服务 Services', value: (v) => v.services },
  { header: '备注 Note', value: (v) => v.note },
  { header: '记录人 Recorded by', value: (v) => v.recordedBy?.username },
];

export const CARE_HOURS_COLUMNS: readonly CsvColumn<CareHoursRow>[] = [
  { header: '居民 Resident', value: (r) => r.resident.fullName },
  { header: '辖区 District', value: (r) => r.resident.district },
  { header: '目标(小时) Target hours', value: (r) => r.targetHours },
  { header: '服务(小时) Hours', value: (r) => r.hours },
  { header: '缺口(小时) Shortfall hours', value: (r) => r.shortfallHours },
  { header: '上周(小时) Previous week hours', value: (r) => r.previousWeekHours },
  { header: '连续两周不足 Below target two weeks', value: (r) => (r.belowTargetTwoWeeks ? 'yes' : 'no') },
  { header: '居民编号 Resident id', value: (r) => r.resident.id },
];

export const ALARM_PATTERN_COLUMNS: readonly CsvColumn<AlarmPattern>[] = [
  { header: '居民 Resident', value: (p) => p.resident.fullName },
  { header: '辖区 District', value: (p) => p.resident.district },
  { header: '近12个月 Alarms (12 months)', value: (p) => p.total },
  { header: '误报 False alarms', value: (p) => p.falseAlarms },
  { header: '误报比例 False alarm share', value: (p) => p.falseAlarmShare },
  { header: '近14天 Last 14 days', value: (p) => p.last14Days },
  { header: '此前60天 Previous 60 days', value: (p) => p.previous60Days },
  { header: '提示 Flags', value: (p) => p.flags },
  { header: '居民编号 Resident id', value: (p) => p.resident.id },
];
