import { defineMessages } from './define';

/** Closing an incident on purpose, and offers that say who already holds one (`console/IncidentActions.tsx`). */
export const incidentActionMessages = defineMessages({
  zhCN: {
    'incidentActions.chooseOutcome': '请选择处理结果',
    'incidentActions.outcomeRequired': '请先选择处理结果再结案',
    'incidentActions.confirmResolve': '确定结案？处理结果：{outcome}。结案后警报从队列中移除。',
    'incidentActions.confirmCancel': '确定作为误报取消这条警报？它会从队列中移除，派单会被撤销。',
    'incidentActions.cancelNote': '误报说明（可选）',
    'incidentActions.holdsOffer': '{name}（已有派单：{status}）',
    'incidentActions.notAcknowledgedYet': '此警报尚未接警。',
  },
  en: {
    'incidentActions.chooseOutcome': 'Choose the outcome',
    'incidentActions.outcomeRequired': 'Choose an outcome before resolving',
    'incidentActions.confirmResolve': 'Resolve this alarm as “{outcome}”? It leaves the queue.',
    'incidentActions.confirmCancel': 'Cancel this alarm as a false alarm? It leaves the queue and open offers are withdrawn.',
    'incidentActions.cancelNote': 'False-alarm note (optional)',
    'incidentActions.holdsOffer': '{name} (holds an offer: {status})',
    'incidentActions.notAcknowledgedYet': 'This alarm has not been acknowledged yet.',
  },
});
