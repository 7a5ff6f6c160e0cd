import { featureMessages } from './messages';
import { createContext, createElement, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

/**
 * The one catalogue of every text the web app shows. Chinese (zh-CN) is the default; English
 * is the switch. Keys are typed: the English table must have exactly the Chinese table's keys,
 * and a component can only ask for a key that exists. `{name}` placeholders are filled by `t`.
 */
const coreZhCN = {
  'app.name': 'HeartKey 一键呼救',
  'title.alert': '【{count} 条未接警报】',
  'lang.label': '语言',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'auth.username': '用户名',
  'auth.password': '密码',
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.subtitleConsole': '呼叫中心控制台',
  'auth.subtitleResponder': '响应人员手机端',
  'auth.wrongCredentials': '用户名或密码错误',
  'auth.signedInAs': '{username}（{role}）',

  'role.admin': '管理员',
  'role.supervisor': '值班主管',
  'role.operator': '接警员',
  'role.responder': '响应人员',
  'role.responderViewOnly': '此页面仅供响应人员使用。',

  'nav.queue': '警报队列',
  'nav.supervisor': '主管视图',
  'nav.residents': '居民',
  'nav.responders': '响应人员',
  'nav.devices': '设备',
  'nav.users': '用户与角色',

  'sound.on': '声音：开',
  'sound.muted': '已静音',

  'live.connecting': '正在连接实时警报……',
  'live.reconnecting': '实时连接已中断，正在重新连接。此期间的警报将在恢复后补齐。',

  'queue.title': '未结警报',
  'queue.empty': '当前没有未结警报',
  'queue.type': '类型',
  'queue.resident': '居民',
  'queue.district': '区域',
  'queue.elapsed': '已等待',
  'queue.presses': '按键次数',
  'queue.status': '状态',
  'queue.acknowledgedBy': '接警人',
  'queue.shortcutHint': '按 {key} 键接警（选中的或最上面的未接警报）',

  'incidentType.sos': '紧急呼救',
  'incidentType.fall': '跌倒',
  'incidentType.low_battery': '电量低',
  'incidentType.device_offline': '设备离线',
  'incidentType.device_removed': '手表已摘下',
  'incidentType.device_alarm': '设备报警',
  'incidentType.area_outage': '区域断线',

  'status.open': '未接警',
  'status.acknowledged': '已接警',
  'status.dispatched': '已派遣',
  'status.on_scene': '已到场',
  'status.resolved': '已处理',
  'status.cancelled': '已取消',

  'sla.ok': '等待不足 60 秒',
  'sla.amber': '超过 60 秒未接警',
  'sla.red': '超过 180 秒未接警',
  'sla.handled': '已接警',

  'incident.escalated': '已升级',
  'escalation.cascade_exhausted': '照护团队均未接单',
  'escalation.not_acknowledged': '超时未接警',
  'escalation.notification_failed': '通知发送失败',
  'escalation.job_failed': '系统任务失败',
  'incident.presses': '按键 {count} 次',
  'incident.openedAt': '发生于 {time}',
  'incident.acknowledgedBy': '接警人：{username}',

  'detail.title': '警报详情',
  'detail.selectHint': '在左侧选择一条警报查看详情',
  'detail.resident': '居民档案',
  'detail.careTeam': '照护团队与派单',
  'detail.device': '设备与位置',
  'detail.location': '位置',
  'detail.openMap': '在地图中打开',
  'detail.noLocation': '无位置信息',
  'detail.timeline': '时间线',
  'detail.actions': '处置',
  'detail.closed': '此警报已结束（{status}）。',

  'resident.fullName': '姓名',
  'resident.age': '年龄',
  'resident.ageShort': '{age} 岁',
  'resident.dateOfBirth': '出生日期',
  'resident.gender': '性别',
  'resident.phone': '电话',
  'resident.address': '地址',
  'resident.district': '区域',
  'resident.livingSituation': '居住情况',
  'resident.medicalHistory': '病史',
  'resident.medications': '用药',
  'resident.allergies': '过敏',
  'resident.emergencyContacts': '紧急联系人',
  'resident.accessNotes': '入户说明',

  'living.alone': '独居',
  'living.with_spouse': '与配偶同住',
  'living.with_family': '与家人同住',
  'living.care_home': '养老机构',

  'responderRole.carer': '护理员',
  'responderRole.cadre': '联络干部',
  'responderRole.doctor': '家庭医生',
  'responderRole.volunteer': '志愿者',

  'dispatch.offered': '已派单',
  'dispatch.accepted': '已接单',
  'dispatch.en_route': '在途',
  'dispatch.arrived': '已到达',
  'dispatch.completed': '已完成',
  'dispatch.declined': '已拒绝',
  'dispatch.timed_out': '超时',
  'dispatch.cancelled': '已撤销',
  'dispatch.notOffered': '未派单',

  'device.serial': '设备编号',
  'device.battery': '电量',
  'device.lastSeen': '最近在线',
  'device.protocol': '协议',
  'device.connection': '连接',
  'device.connected': '已连接',
  'device.notConnected': '未连接',
  'device.notConnectedSentence': '设备未连接',
  'device.locate': '立即定位',
  'device.locateSent': '定位请求已发送，设备稍后上报位置',
  'device.position': '设备最近位置',
  'device.noPosition': '尚无设备位置',
  'device.positionAt': '{age}，{source}',
  'protocol.http': 'HTTP',
  'protocol.watch': '3G 手表',
  'protocol.gt06': 'GT06',
  'serialHint.http': '3-64 位字母、数字、_ 或 -',
  'serialHint.watch': '手表上报的 10 位编号，或 15 位 IMEI',
  'serialHint.gt06': '登录包中的 15 位 IMEI',
  'position.gps': 'GPS 定位',
  'position.approximate': '仅基站/Wi-Fi，大致位置',
  'age.justNow': '刚刚',
  'age.minutes': '{count} 分钟前',
  'age.hours': '{count} 小时前',
  'age.days': '{count} 天前',

  'action.acknowledge': '接警',
  'action.acknowledged': '已接警',
  'action.offerTo': '派单给',
  'action.chooseResponder': '选择照护团队成员或志愿者',
  'action.offer': '派单',
  'action.offered': '已发出派单',
  'action.note': '备注',
  'action.addNote': '添加备注',
  'action.noted': '备注已添加',
  'action.outcome': '处理结果',
  'action.resolveNote': '结案说明',
  'action.resolve': '结案',
  'action.resolved': '已结案',
  'action.cancelFalseAlarm': '误报，取消警报',
  'action.cancelled': '已作为误报取消',

  'outcome.assisted': '已协助',
  'outcome.false_alarm': '误报',
  'outcome.hospitalised': '已送医',
  'outcome.no_access': '无法入户',
  'outcome.other': '其他',

  'timeline.press': '按键',
  'timeline.acknowledged': '接警',
  'timeline.note': '备注',
  'timeline.resolved': '结案',
  'timeline.cancelled': '取消',
  'timeline.escalated': '升级',
  'timeline.offered': '派单',
  'timeline.accepted': '接单',
  'timeline.declined': '拒绝',
  'timeline.timed_out': '派单超时',
  'timeline.arrived': '到达',
  'timeline.completed': '完成',
  'timeline.dispatched': '已派遣',
  'timeline.notification': '通知',
  'timeline.dispatch_accepted': '接单',
  'timeline.dispatch_declined': '拒绝派单',
  'timeline.dispatch_completed': '派单完成',
  'timeline.responder_arrived': '响应人员到达',
  'timeline.offer_timed_out': '派单超时',
  'timeline.offers_cancelled': '撤销派单',
  'timeline.notification_sent': '通知已发送',
  'timeline.notification_failed': '通知发送失败',
  'timeline.status_changed': '状态变更',

  // The server's {detail} is English: the Chinese sentences leave it out.
  'error.conflict': '操作未执行：警报的状态已经改变。界面已显示最新状态。',
  'error.forbidden': '没有权限执行此操作。',
  'error.notFound': '未找到要处理的记录，可能已被删除。',
  'error.invalid': '输入有误，请检查后重试。',
  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.generic': '操作失败，请稍后重试。',

  'kpi.title': '今日指标',
  'kpi.alarms': '警报数（事件，非按键次数）',
  'kpi.ackMedian': '接警时间中位数',
  'kpi.ackP90': '接警时间 90 分位',
  'kpi.ackWithin60': '60 秒内接警',
  'kpi.ackWithin180': '180 秒内接警',
  'kpi.onSceneMedian': '到场时间中位数',
  'kpi.seconds': '{value} 秒',
  'supervisor.title': '升级与超时优先',

  'residents.search': '按姓名、地址或电话搜索',
  'residents.searchButton': '搜索',
  'residents.create': '新建居民',
  'residents.edit': '编辑居民档案',
  'residents.saved': '已保存：{name}',
  'careTeam.title': '照护团队',
  'careTeam.save': '保存照护团队',
  'careTeam.saved': '照护团队已保存：{names}',
  'contact.name': '姓名',
  'contact.relation': '关系',
  'contact.phone': '电话',
  'contact.add': '添加联系人',
  'form.onePerLine': '（每行一项）',
  'form.remove': '删除',
  'form.save': '保存',

  'responder.fullName': '姓名',
  'responder.role': '角色',
  'responder.phone': '电话',
  'responders.create': '新建响应人员',
  'responders.created': '已创建：{name}',

  'devices.serial': '设备编号',
  'devices.resident': '居民',
  'devices.chooseResident': '选择居民',
  'devices.register': '登记设备',
  'devices.enabled': '启用',
  'devices.rotate': '更换密钥',
  'devices.secretOnce': '设备 {serial} 的密钥仅显示这一次，请立即写入设备：',
  'devices.copy': '复制密钥',
  'devices.copied': '已复制',
  'devices.copyFailed': '无法复制，请手动选择复制',
  'devices.secretStored': '已写入设备，关闭',
  'devices.registeredNoSecret': '设备 {serial}（{protocol}）已登记。它按编号识别，无需密钥。',
  'devices.unregistered': '已收到但未登记的设备',
  'devices.noneUnregistered': '没有收到未登记设备的消息',
  'devices.firstHeard': '首次收到',
  'devices.lastHeard': '最近收到',
  'devices.frames': '消息数',
  'devices.remoteAddress': '来源地址',
  'devices.registerThis': '登记此设备',
  'devices.sosNumbers': 'SOS 号码',

  'users.role': '角色',
  'users.responder': '关联响应人员',
  'users.create': '新建用户',
  'users.created': '已创建用户：{username}',
  'users.districts': '辖区',
  'users.districtsHint': '多个辖区用逗号分隔；接警员和主管只能看到所属辖区的警报与居民，留空则可看全部辖区',
  'users.status': '状态',
  'users.enabled': '已启用',
  'users.disabled': '已停用',
  'users.actions': '操作',
  'users.save': '保存角色与辖区',
  'users.saved': '已保存：{username}',
  'users.disable': '停用',
  'users.enable': '启用',
  'users.confirmDisable': '确定停用 {username}？其所有登录会立即失效，实时连接会断开。',
  'users.confirmRoleChange': '确定把 {username} 的角色改为“{role}”？其所有登录会立即失效。',
  'users.newPassword': '新密码',
  'users.resetPassword': '重置密码',
  'users.confirmResetPassword': '确定重置 {username} 的密码？其所有登录会立即失效。',
  'users.passwordReset': '已重置 {username} 的密码',
  'users.revokeSessions': '强制下线',
  'users.confirmRevokeSessions': '确定让 {username} 的所有登录失效？',
  'users.sessionsRevoked': '{username} 的所有登录已失效',
  'users.lastAdmin': '这是唯一启用的管理员，不能停用或更改角色',

  'responderView.title': '我的派单',
  'responderView.noOffers': '暂无派单。有新派单时会响铃并振动。',
  'responderView.accept': '接单',
  'responderView.decline': '拒绝',
  'responderView.arrived': '我已到达',
  'responderView.completed': '处理完成',
  'responderView.expired': '已超时',
  'responderView.allergies': '过敏：{list}',
  'responderView.history': '病史：{list}',

  'common.none': '—',
  /** Between the items of a list in a sentence: 青霉素、磺胺 / penicillin, sulfa. */
  'common.listSeparator': '、',
  'common.unknown': '未知',
  'common.loading': '加载中……',
  'common.yes': '是',
  'common.no': '否',
} as const;

/** Every feature's part (`messages/`) joins the core texts; a key defined twice fails the catalogue spec. */
/** The core's own keys, so the catalogue spec can prove no feature part overrides one. */
export const CORE_KEYS: readonly string[] = Object.keys(coreZhCN);

const zhCN = { ...coreZhCN, ...featureMessages.zhCN };

export type MessageKey = keyof typeof zhCN;

const coreEn: Record<keyof typeof coreZhCN, string> = {
  'app.name': 'HeartKey one-key SOS',
  'title.alert': '[{count} UNACKNOWLEDGED]',
  'lang.label': 'Language',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'auth.username': 'Username',
  'auth.password': 'Password',
  'auth.login': 'Log in',
  'auth.logout': 'Log out',
  'auth.subtitleConsole': 'Call-centre console',
  'auth.subtitleResponder': 'Responder phone view',
  'auth.wrongCredentials': 'Wrong username or password',
  'auth.signedInAs': '{username} ({role})',

  'role.admin': 'Admin',
  'role.supervisor': 'Supervisor',
  'role.operator': 'Operator',
  'role.responder': 'Responder',
  'role.responderViewOnly': 'This page is for responders only.',

  'nav.queue': 'Queue',
  'nav.supervisor': 'Supervisor',
  'nav.residents': 'Residents',
  'nav.responders': 'Responders',
  'nav.devices': 'Devices',
  'nav.users': 'Users and roles',

  'sound.on': 'Sound on',
  'sound.muted': 'Muted',

  'live.connecting': 'Connecting to live alarms…',
  'live.reconnecting': 'Live connection lost, reconnecting. Alarms raised meanwhile are fetched when it is back.',

  'queue.title': 'Open alarms',
  'queue.empty': 'No open alarms',
  'queue.type': 'Type',
  'queue.resident': 'Resident',
  'queue.district': 'District',
  'queue.elapsed': 'Waiting',
  'queue.presses': 'Presses',
  'queue.status': 'Status',
  'queue.acknowledgedBy': 'Taken by',
  'queue.shortcutHint': 'Press {key} to acknowledge (the selected or topmost unacknowledged alarm)',

  'incidentType.sos': 'SOS',
  'incidentType.fall': 'Fall',
  'incidentType.low_battery': 'Low battery',
  'incidentType.device_offline': 'Device offline',
  'incidentType.device_removed': 'Watch taken off',
  'incidentType.device_alarm': 'Device alarm',
  'incidentType.area_outage': 'Area outage',

  'status.open': 'Open',
  'status.acknowledged': 'Acknowledged',
  'status.dispatched': 'Dispatched',
  'status.on_scene': 'On scene',
  'status.resolved': 'Resolved',
  'status.cancelled': 'Cancelled',

  'sla.ok': 'Waiting under 60 s',
  'sla.amber': 'Unacknowledged over 60 s',
  'sla.red': 'Unacknowledged over 180 s',
  'sla.handled': 'Acknowledged',

  'incident.escalated': 'Escalated',
  'escalation.cascade_exhausted': 'nobody in the care team accepted',
  'escalation.not_acknowledged': 'not acknowledged in time',
  'escalation.notification_failed': 'notification failed',
  'escalation.job_failed': 'a system job failed',
  'incident.presses': '{count} presses',
  'incident.openedAt': 'opened {time}',
  'incident.acknowledgedBy': 'Taken by {username}',

  'detail.title': 'Alarm detail',
  'detail.selectHint': 'Select an alarm on the left to see its detail',
  'detail.resident': 'Resident',
  'detail.careTeam': 'Care team and offers',
  'detail.device': 'Device and location',
  'detail.location': 'Location',
  'detail.openMap': 'Open map',
  'detail.noLocation': 'No location',
  'detail.timeline': 'Timeline',
  'detail.actions': 'Actions',
  'detail.closed': 'This alarm is closed ({status}).',

  'resident.fullName': 'Name',
  'resident.age': 'Age',
  'resident.ageShort': '{age} y',
  'resident.dateOfBirth': 'Date of birth',
  'resident.gender': 'Gender',
  'resident.phone': 'Phone',
  'resident.address': 'Address',
  'resident.district': 'District',
  'resident.livingSituation': 'Living situation',
  'resident.medicalHistory': 'Medical history',
  'resident.medications': 'Medications',
  'resident.allergies': 'Allergies',
  'resident.emergencyContacts': 'Emergency contacts',
  'resident.accessNotes': 'Access notes',

  'living.alone': 'Alone',
  'living.with_spouse': 'With spouse',
  'living.with_family': 'With family',
  'living.care_home': 'Care home',

  'responderRole.carer': 'Carer',
  'responderRole.cadre': 'Cadre',
  'responderRole.doctor': 'Doctor',
  'responderRole.volunteer': 'Volunteer',

  'dispatch.offered': 'Offered',
  'dispatch.accepted': 'Accepted',
  'dispatch.en_route': 'En route',
  'dispatch.arrived': 'Arrived',
  'dispatch.completed': 'Completed',
  'dispatch.declined': 'Declined',
  'dispatch.timed_out': 'Timed out',
  'dispatch.cancelled': 'Withdrawn',
  'dispatch.notOffered': 'Not offered',

  'device.serial': 'Serial',
  'device.battery': 'Battery',
  'device.lastSeen': 'Last seen',
  'device.protocol': 'Protocol',
  'device.connection': 'Connection',
  'device.connected': 'connected',
  'device.notConnected': 'not connected',
  'device.notConnectedSentence': 'the device is not connected',
  'device.locate': 'Locate now',
  'device.locateSent': 'Location request sent; the device reports its position shortly',
  'device.position': 'Device position',
  'device.noPosition': 'No device position yet',
  'device.positionAt': '{age}, {source}',
  'protocol.http': 'HTTP',
  'protocol.watch': '3G watch',
  'protocol.gt06': 'GT06',
  'serialHint.http': '3-64 letters, digits, _ or -',
  'serialHint.watch': 'the 10-digit id the watch sends, or its 15-digit IMEI',
  'serialHint.gt06': 'the 15-digit IMEI of its login packet',
  'position.gps': 'GPS fix',
  'position.approximate': 'cell/Wi-Fi only, approximate',
  'age.justNow': 'just now',
  'age.minutes': '{count} min ago',
  'age.hours': '{count} h ago',
  'age.days': '{count} d ago',

  'action.acknowledge': 'Acknowledge',
  'action.acknowledged': 'Acknowledged',
  'action.offerTo': 'Offer to',
  'action.chooseResponder': 'Choose a care-team member or volunteer',
  'action.offer': 'Offer',
  'action.offered': 'Offer sent',
  'action.note': 'Note',
  'action.addNote': 'Add note',
  'action.noted': 'Note added',
  'action.outcome': 'Outcome',
  'action.resolveNote': 'Closing note',
  'action.resolve': 'Resolve',
  'action.resolved': 'Resolved',
  'action.cancelFalseAlarm': 'Cancel as false alarm',
  'action.cancelled': 'Cancelled as a false alarm',

  'outcome.assisted': 'Assisted',
  'outcome.false_alarm': 'False alarm',
  'outcome.hospitalised': 'Hospitalised',
  'outcome.no_access': 'No access',
  'outcome.other': 'Other',

  'timeline.press': 'Press',
  'timeline.acknowledged': 'Acknowledged',
  'timeline.note': 'Note',
  'timeline.resolved': 'Resolved',
  'timeline.cancelled': 'Cancelled',
  'timeline.escalated': 'Escalated',
  'timeline.offered': 'Offered',
  'timeline.accepted': 'Accepted',
  'timeline.declined': 'Declined',
  'timeline.timed_out': 'Offer timed out',
  'timeline.arrived': 'Arrived',
  'timeline.completed': 'Completed',
  'timeline.dispatched': 'Dispatched',
  'timeline.notification': 'Notification',
  'timeline.dispatch_accepted': 'Offer accepted',
  'timeline.dispatch_declined': 'Offer declined',
  'timeline.dispatch_completed': 'Job completed',
  'timeline.responder_arrived': 'Responder arrived',
  'timeline.offer_timed_out': 'Offer timed out',
  'timeline.offers_cancelled': 'Offers withdrawn',
  'timeline.notification_sent': 'Notification sent',
  'timeline.notification_failed': 'Notification failed',
  'timeline.status_changed': 'Status changed',

  'error.conflict': 'Not done: the alarm changed meanwhile ({detail}). The screen shows the current state.',
  'error.forbidden': 'Not allowed: {detail}',
  'error.notFound': 'Not found: {detail}',
  'error.invalid': 'Invalid input: {detail}',
  'error.network': 'Cannot reach the server: {detail}',
  'error.generic': 'Failed: {detail}',

  'kpi.title': 'Today',
  'kpi.alarms': 'Alarms (incidents, not presses)',
  'kpi.ackMedian': 'Median time to acknowledge',
  'kpi.ackP90': '90th percentile to acknowledge',
  'kpi.ackWithin60': 'Acknowledged within 60 s',
  'kpi.ackWithin180': 'Acknowledged within 180 s',
  'kpi.onSceneMedian': 'Median time to on scene',
  'kpi.seconds': '{value} s',
  'supervisor.title': 'Escalated and overdue first',

  'residents.search': 'Search by name, address or phone',
  'residents.searchButton': 'Search',
  'residents.create': 'New resident',
  'residents.edit': 'Edit resident profile',
  'residents.saved': 'Saved: {name}',
  'careTeam.title': 'Care team',
  'careTeam.save': 'Save care team',
  'careTeam.saved': 'Care team saved: {names}',
  'contact.name': 'Name',
  'contact.relation': 'Relation',
  'contact.phone': 'Phone',
  'contact.add': 'Add contact',
  'form.onePerLine': '(one per line)',
  'form.remove': 'Remove',
  'form.save': 'Save',

  'responder.fullName': 'Name',
  'responder.role': 'Role',
  'responder.phone': 'Phone',
  'responders.create': 'New responder',
  'responders.created': 'Created: {name}',

  'devices.serial': 'Serial',
  'devices.resident': 'Resident',
  'devices.chooseResident': 'Choose a resident',
  'devices.register': 'Register handset',
  'devices.enabled': 'Enabled',
  'devices.rotate': 'Rotate secret',
  'devices.secretOnce': 'The secret of {serial} is shown this once. Put it on the handset now:',
  'devices.copy': 'Copy secret',
  'devices.copied': 'Copied',
  'devices.copyFailed': 'Could not copy; select it by hand',
  'devices.secretStored': 'Stored on the handset, close',
  'devices.registeredNoSecret': '{serial} ({protocol}) is registered. It is known by its id and needs no secret.',
  'devices.unregistered': 'Unregistered devices heard',
  'devices.noneUnregistered': 'No unregistered device has been heard',
  'devices.firstHeard': 'First heard',
  'devices.lastHeard': 'Last heard',
  'devices.frames': 'Messages',
  'devices.remoteAddress': 'From',
  'devices.registerThis': 'Register this one',
  'devices.sosNumbers': 'SOS numbers',

  'users.role': 'Role',
  'users.responder': 'Linked responder',
  'users.create': 'New user',
  'users.created': 'User created: {username}',
  'users.districts': 'Districts',
  'users.districtsHint':
    'Separate districts with commas; operators and supervisors see only the alarms and residents of their districts (empty: every district)',
  'users.status': 'Status',
  'users.enabled': 'enabled',
  'users.disabled': 'disabled',
  'users.actions': 'Actions',
  'users.save': 'Save role and districts',
  'users.saved': 'Saved: {username}',
  'users.disable': 'Disable',
  'users.enable': 'Enable',
  'users.confirmDisable': 'Disable {username}? Every session of theirs ends at once and their live connections close.',
  'users.confirmRoleChange': 'Make {username} a {role}? Every session of theirs ends at once.',
  'users.newPassword': 'New password',
  'users.resetPassword': 'Reset password',
  'users.confirmResetPassword': "Reset {username}'s password? Every session of theirs ends at once.",
  'users.passwordReset': 'Password of {username} reset',
  'users.revokeSessions': 'End sessions',
  'users.confirmRevokeSessions': 'End every session of {username}?',
  'users.sessionsRevoked': 'Every session of {username} ended',
  'users.lastAdmin': 'The only enabled admin: cannot be disabled or given another role',

  'responderView.title': 'My offers',
  'responderView.noOffers': 'No offers. A new one rings and vibrates.',
  'responderView.accept': 'Accept',
  'responderView.decline': 'Decline',
  'responderView.arrived': "I've arrived",
  'responderView.completed': 'Completed',
  'responderView.expired': 'Expired',
  'responderView.allergies': 'Allergies: {list}',
  'responderView.history': 'History: {list}',

  'common.none': '—',
  'common.listSeparator': ', ',
  'common.unknown': 'unknown',
  'common.loading': 'Loading…',
  'common.yes': 'yes',
  'common.no': 'no',
};

const en: Record<MessageKey, string> = { ...coreEn, ...featureMessages.en };

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = {
  'zh-CN': zhCN,
  en,
};

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = CATALOGUES[lang][pluralKey(lang, key, params?.count)];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? formatParam(lang, params[name]!) : whole)) : text;
}

/**
 * A count of one takes the key's `.one` form where the catalogue has one ("1 press", not
 * "1 presses"); Chinese has no plural, so its `.one` form is the same sentence.
 */
function pluralKey(lang: Lang, key: MessageKey, count: unknown): MessageKey {
  if (typeof count !== 'number') return key;
  const one = `${key}.one`;
  return new Intl.PluralRules(lang).select(count) === 'one' && isMessageKey(one) ? one : key;
}

/** Numbers in a sentence are written the locale's way (grouping, decimal sign). */
function formatParam(lang: Lang, value: string | number): string {
  return typeof value === 'number' ? new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value) : value;
}

/** Whether the catalogue has this key: for keys built from data (a status, a kind) that may be new to this build. */
export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

/** A timeline kind in words; a kind this build does not know yet is shown as the server wrote it. */
export function timelineLabel(t: Translate, kind: string): string {
  const key = `timeline.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}

/**
 * Dates nobody can misread: "2026年12月1日 08:05:03" in Chinese, "1 Dec 2026, 08:05:03" in
 * English (a month name, never "12/1/26"), 24-hour clock in both.
 */
export function dateTimeFormat(lang: Lang): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: lang === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** A date-time in the chosen language, in this browser's time zone. */
  formatTime: (iso: string) => string;
}

const LANG_KEY = 'heartkey.lang';

function initialLang(): Lang {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(LANG_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dateFormat = dateTimeFormat(lang);
    return {
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      formatTime: (iso) => dateFormat.format(new Date(iso)),
    };
  }, [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
