import type { ResidentInput, ResponderInput, Role, TcpDeviceProtocolName } from '@app/contracts';

/**
 * The demo world: Rizhao (日照), a coastal city in Shandong, its districts and a dozen elderly
 * residents with their care teams. Ids and serials are fixed so the seed is an upsert that can
 * run on every start without creating anything twice.
 */

/** Fixed, valid v4-shaped UUIDs: `kind` tells residents, responders and users apart when reading the database. */
function demoId(kind: 'a' | 'b' | 'c', n: number): string {
  return `${kind}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export interface DemoResident extends ResidentInput {
  id: string;
  home: { lat: number; lng: number };
  careTeam: { carer: number; cadre: number; doctor: number };
}

export interface DemoResponder extends ResponderInput {
  id: string;
}

export interface DemoUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  /** Index into DEMO_RESPONDERS (0-based) for a responder login. */
  responder?: number;
}

export const DEMO_PASSWORDS = {
  admin: 'demo-admin-2026',
  supervisor: 'demo-supervisor-2026',
  operator: 'demo-operator-2026',
  responder: 'demo-responder-2026',
} as const;

const responder = (n: number, fullName: string, role: ResponderInput['role'], phone: string): DemoResponder => ({
  id: demoId('b', n),
  fullName,
  role,
  phone,
});

/** Four carers, two liaison cadres, two family doctors and two volunteers. */
export const DEMO_RESPONDERS: DemoResponder[] = [
  responder(1, '李桂兰 Li Guilan', 'carer', '+86 138 6331 0101'),
  responder(2, '张建华 Zhang Jianhua', 'carer', '+86 138 6331 0102'),
  responder(3, '刘丽 Liu Li', 'carer', '+86 138 6331 0103'),
  responder(4, '陈海燕 Chen Haiyan', 'carer', '+86 138 6331 0104'),
  responder(5, '赵国强 Zhao Guoqiang', 'cadre', '+86 139 6332 0201'),
  responder(6, '孙梅 Sun Mei', 'cadre', '+86 139 6332 0202'),
  responder(7, '周文斌 Dr Zhou Wenbin', 'doctor', '+86 135 6333 0301'),
  responder(8, '吴静 Dr Wu Jing', 'doctor', '+86 135 6333 0302'),
  responder(9, '郑晓东 Zheng Xiaodong', 'volunteer', '+86 137 6334 0401'),
  responder(10, '黄佳怡 Huang Jiayi', 'volunteer', '+86 137 6334 0402'),
];

// Indexes into DEMO_RESPONDERS, named so the care teams below read as sentences.
const CARER = { li: 0, zhang: 1, liu: 2, chen: 3 };
const CADRE = { zhao: 4, sun: 5 };
const DOCTOR = { zhou: 6, wu: 7 };

export const DEMO_RESIDENTS: DemoResident[] = [
  {
    id: demoId('a', 1),
    fullName: '王秀英 Wang Xiuying',
    dateOfBirth: '1939-04-12',
    gender: 'female',
    phone: '+86 633 822 1101',
    address: '日照市东港区海曲中路 88 号 3 单元 502 室',
    district: '东港区 Donggang',
    livingSituation: 'alone',
    medicalHistory: ['hypertension', 'type 2 diabetes', 'cataract surgery 2022'],
    medications: ['amlodipine 5 mg daily', 'metformin 500 mg twice daily'],
    allergies: ['penicillin'],
    emergencyContacts: [{ name: '王建国 Wang Jianguo', relation: 'son', phone: '+86 138 0633 1101' }],
    accessNotes: 'Key box 2468 left of the door. Fifth floor, no lift.',
    home: { lat: 35.4164, lng: 119.5269 },
    careTeam: { carer: CARER.li, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  },
  {
    id: demoId('a', 2),
    fullName: '李德明 Li Deming',
    dateOfBirth: '1944-09-03',
    gender: 'male',
    phone: '+86 633 822 1102',
    address: '日照市东港区烟台路 17 号 1 单元 201 室',
    district: '东港区 Donggang',
    livingSituation: 'with_spouse',
    medicalHistory: ['COPD', 'atrial fibrillation'],
    medications: ['tiotropium inhaler daily', 'warfarin 3 mg daily (bleeding risk)'],
    allergies: [],
    emergencyContacts: [
      { name: '刘秀珍 Liu Xiuzhen', relation: 'wife', phone: '+86 633 822 1102' },
      { name: '李娜 Li Na', relation: 'daughter', phone: '+86 139 0633 1102' },
    ],
    accessNotes: 'Wife is usually home; she is hard of hearing, ring twice and knock.',
    home: { lat: 35.4201, lng: 119.5232 },
    careTeam: { carer: CARER.li, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  },
  {
    id: demoId('a', 3),
    fullName: '张桂芳 Zhang Guifang',
    dateOfBirth: '1931-01-20',
    gender: 'female',
    address: '日照市东港区泰安路 203 号 6 单元 101 室',
    district: '东港区 Donggang',
    livingSituation: 'with_family',
    medicalHistory: ['Alzheimer’s dementia (moderate)', 'osteoporosis', 'hip replacement 2021'],
    medications: ['donepezil 10 mg at night', 'calcium and vitamin D daily'],
    allergies: ['sulfonamides'],
    emergencyContacts: [
      { name: '张伟 Zhang Wei', relation: 'son', phone: '+86 138 0633 1103' },
      { name: '陈红 Chen Hong', relation: 'daughter-in-law', phone: '+86 138 0633 2103' },
    ],
    accessNotes: 'Daughter-in-law home on weekdays 9:00-17:00. May not recognise visitors; a small dog.',
    home: { lat: 35.4098, lng: 119.5311 },
    careTeam: { carer: CARER.zhang, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  },
  {
    id: demoId('a', 4),
    fullName: '刘长林 Liu Changlin',
    dateOfBirth: '1950-06-15',
    gender: 'male',
    phone: '+86 633 836 1104',
    address: '日照市岚山区岚山中路 56 号',
    district: '岚山区 Lanshan',
    livingSituation: 'alone',
    medicalHistory: ['stroke 2019 with left-sided weakness', 'hypertension'],
    medications: ['aspirin 100 mg daily', 'atorvastatin 20 mg at night'],
    allergies: [],
    emergencyContacts: [{ name: '刘芳 Liu Fang', relation: 'daughter', phone: '+86 137 0633 1104' }],
    accessNotes: 'Ground-floor house; back door through the yard is unlocked by day.',
    home: { lat: 35.1219, lng: 119.3179 },
    careTeam: { carer: CARER.liu, cadre: CADRE.sun, doctor: DOCTOR.wu },
  },
  {
    id: demoId('a', 5),
    fullName: '陈淑珍 Chen Shuzhen',
    dateOfBirth: '1947-11-30',
    gender: 'female',
    phone: '+86 633 836 1105',
    address: '日照市岚山区圣岚路 9 号 2 单元 302 室',
    district: '岚山区 Lanshan',
    livingSituation: 'alone',
    medicalHistory: ['heart failure (NYHA II)', 'chronic kidney disease stage 3'],
    medications: ['furosemide 20 mg mornings', 'bisoprolol 2.5 mg daily'],
    allergies: ['iodinated contrast'],
    emergencyContacts: [{ name: '陈刚 Chen Gang', relation: 'nephew', phone: '+86 136 0633 1105' }],
    accessNotes: 'Spare key with neighbour in 301 (Mrs Xu).',
    home: { lat: 35.1187, lng: 119.3225 },
    careTeam: { carer: CARER.liu, cadre: CADRE.sun, doctor: DOCTOR.wu },
  },
  {
    id: demoId('a', 6),
    fullName: '杨福生 Yang Fusheng',
    dateOfBirth: '1936-02-08',
    gender: 'male',
    address: '日照市五莲县解放路 31 号',
    district: '五莲县 Wulian',
    livingSituation: 'with_family',
    medicalHistory: ['prostate enlargement', 'falls (three in 2025)', 'mild hearing loss'],
    medications: ['tamsulosin 0.4 mg at night'],
    allergies: [],
    emergencyContacts: [{ name: '杨军 Yang Jun', relation: 'grandson', phone: '+86 150 0633 1106' }],
    accessNotes: 'Courtyard gate code 1936. Speak loudly, he refuses his hearing aid.',
    home: { lat: 35.7508, lng: 119.2135 },
    careTeam: { carer: CARER.chen, cadre: CADRE.sun, doctor: DOCTOR.wu },
  },
  {
    id: demoId('a', 7),
    fullName: '赵玉兰 Zhao Yulan',
    dateOfBirth: '1958-03-22',
    gender: 'female',
    phone: '+86 633 512 1107',
    address: '日照市五莲县利民路 120 号 4 单元 402 室',
    district: '五莲县 Wulian',
    livingSituation: 'with_spouse',
    medicalHistory: ['epilepsy (focal seizures)', 'depression'],
    medications: ['levetiracetam 500 mg twice daily', 'sertraline 50 mg daily'],
    allergies: ['carbamazepine (rash)'],
    emergencyContacts: [{ name: '孙建平 Sun Jianping', relation: 'husband', phone: '+86 151 0633 1107' }],
    accessNotes: 'Husband works nights; door has a code lock, code given by phone by the cadre.',
    home: { lat: 35.7472, lng: 119.2093 },
    careTeam: { carer: CARER.chen, cadre: CADRE.sun, doctor: DOCTOR.wu },
  },
  {
    id: demoId('a', 8),
    fullName: '黄志强 Huang Zhiqiang',
    dateOfBirth: '1941-07-07',
    gender: 'male',
    phone: '+86 633 688 1108',
    address: '日照市莒县城阳街道青年路 45 号',
    district: '莒县 Ju County',
    livingSituation: 'alone',
    medicalHistory: ['Parkinson’s disease', 'recurrent falls', 'constipation'],
    medications: ['levodopa/carbidopa 100/25 mg three times daily'],
    allergies: [],
    emergencyContacts: [{ name: '黄丽 Huang Li', relation: 'daughter', phone: '+86 152 0633 1108' }],
    accessNotes: 'Key box 7031 on the gas meter. Often on the floor after a fall: bring a lifting cushion.',
    home: { lat: 35.5803, lng: 118.8371 },
    careTeam: { carer: CARER.zhang, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  },
  {
    id: demoId('a', 9),
    fullName: '周美华 Zhou Meihua',
    dateOfBirth: '1945-12-01',
    gender: 'female',
    address: '日照市莒县浮来路 77 号 1 单元 601 室',
    district: '莒县 Ju County',
    livingSituation: 'with_family',
    medicalHistory: ['type 2 diabetes on insulin', 'glaucoma'],
    medications: ['insulin glargine 18 units at night', 'latanoprost eye drops'],
    allergies: ['aspirin'],
    emergencyContacts: [{ name: '周强 Zhou Qiang', relation: 'son', phone: '+86 153 0633 1109' }],
    accessNotes: 'Son’s family lives with her; lift available. Hypoglycaemia possible: glucose gel in the fridge door.',
    home: { lat: 35.5837, lng: 118.8302 },
    careTeam: { carer: CARER.zhang, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  },
  {
    id: demoId('a', 10),
    fullName: '吴国华 Wu Guohua',
    dateOfBirth: '1939-10-10',
    gender: 'male',
    phone: '+86 633 822 1110',
    address: '日照市东港区北京路 266 号 2 单元 303 室',
    district: '东港区 Donggang',
    livingSituation: 'with_spouse',
    medicalHistory: ['angina', 'prostate cancer (treated 2018)'],
    medications: ['nitroglycerin spray as needed', 'metoprolol 25 mg twice daily'],
    allergies: [],
    emergencyContacts: [{ name: '吴敏 Wu Min', relation: 'daughter', phone: '+86 138 0633 1110' }],
    accessNotes: 'Wife uses a wheelchair and cannot reach the door quickly; key box 5512 by the letterboxes.',
    home: { lat: 35.4262, lng: 119.5188 },
    careTeam: { carer: CARER.li, cadre: CADRE.zhao, doctor: DOCTOR.wu },
  },
  {
    id: demoId('a', 11),
    fullName: '孙兰英 Sun Lanying',
    dateOfBirth: '1933-05-05',
    gender: 'female',
    address: '日照市东港区秦楼街道颐养苑 2 号楼 118 室',
    district: '东港区 Donggang',
    livingSituation: 'care_home',
    medicalHistory: ['macular degeneration (nearly blind)', 'hearing loss', 'hypothyroidism'],
    medications: ['levothyroxine 50 µg mornings'],
    allergies: ['latex'],
    emergencyContacts: [{ name: '孙涛 Sun Tao', relation: 'son', phone: '+86 139 0633 1111' }],
    accessNotes: 'Care home reception is staffed 24 h: +86 633 822 9000.',
    home: { lat: 35.4035, lng: 119.5402 },
    careTeam: { carer: CARER.li, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  },
  {
    id: demoId('a', 12),
    fullName: '马振东 Ma Zhendong',
    dateOfBirth: '1952-08-18',
    gender: 'male',
    phone: '+86 633 836 1112',
    address: '日照市岚山区碑廓镇海滨路 12 号',
    district: '岚山区 Lanshan',
    livingSituation: 'alone',
    medicalHistory: ['type 2 diabetes', 'peripheral neuropathy', 'below-knee amputation (right) 2023'],
    medications: ['metformin 850 mg twice daily', 'pregabalin 75 mg twice daily'],
    allergies: [],
    emergencyContacts: [
      { name: '马丽 Ma Li', relation: 'sister', phone: '+86 135 0633 1112' },
      { name: '于海 Yu Hai', relation: 'neighbour', phone: '+86 135 0633 2112' },
    ],
    accessNotes: 'Wheelchair user. Side door ramp; neighbour Yu Hai has a key.',
    home: { lat: 35.1302, lng: 119.3096 },
    careTeam: { carer: CARER.chen, cadre: CADRE.sun, doctor: DOCTOR.wu },
  },
];

/**
 * Six more neighbours in 东港区, so the district has enough handsets (11) for an area outage in
 * the demo (`npm run simulate -- --outage --district 东港区`; OUTAGE_MIN_DEVICES is 10).
 */
const DONGGANG_NEIGHBOURS: [string, string, 'female' | 'male', DemoResident['livingSituation'], string, string][] = [
  ['刘淑珍 Liu Shuzhen', '1936-02-14', 'female', 'alone', '日照市东港区海滨二路 45 号 1 单元 602 室', '+86 633 822 1113'],
  ['高建国 Gao Jianguo', '1944-07-01', 'male', 'with_spouse', '日照市东港区望海路 9 号 4 单元 301 室', '+86 633 822 1114'],
  ['何玉兰 He Yulan', '1931-11-23', 'female', 'with_family', '日照市东港区青岛路 121 号 2 单元 102 室', '+86 633 822 1115'],
  ['林德福 Lin Defu', '1947-03-30', 'male', 'alone', '日照市东港区正阳路 77 号 5 单元 401 室', '+86 633 822 1116'],
  ['郭秀云 Guo Xiuyun', '1940-09-09', 'female', 'alone', '日照市东港区石臼街道渔港路 3 号', '+86 633 822 1117'],
  ['罗振华 Luo Zhenhua', '1950-12-12', 'male', 'with_family', '日照市东港区黄海一路 58 号 3 单元 202 室', '+86 633 822 1118'],
];

DEMO_RESIDENTS.push(
  ...DONGGANG_NEIGHBOURS.map(([fullName, dateOfBirth, gender, livingSituation, address, phone], i): DemoResident => ({
    id: demoId('a', 13 + i),
    fullName,
    dateOfBirth,
    gender,
    phone,
    address,
    district: '东港区 Donggang',
    livingSituation,
    medicalHistory: ['hypertension'],
    medications: ['amlodipine 5 mg daily'],
    allergies: [],
    emergencyContacts: [{ name: `${fullName.split(' ')[0]!.slice(0, 1)}家属 family`, relation: 'child', phone: phone.replace('633 822', '139 0633') }],
    home: { lat: 35.41 + i * 0.003, lng: 119.52 + i * 0.003 },
    careTeam: { carer: i % 2 ? CARER.li : CARER.zhang, cadre: CADRE.zhao, doctor: DOCTOR.zhou },
  })),
);

export const DEMO_USERS: DemoUser[] = [
  { id: demoId('c', 1), username: 'admin', password: DEMO_PASSWORDS.admin, role: 'admin' },
  { id: demoId('c', 2), username: 'supervisor', password: DEMO_PASSWORDS.supervisor, role: 'supervisor' },
  { id: demoId('c', 3), username: 'operator', password: DEMO_PASSWORDS.operator, role: 'operator' },
  { id: demoId('c', 4), username: 'operator2', password: DEMO_PASSWORDS.operator, role: 'operator' },
  // One login per carer, cadre and doctor, so every step of the cascade can be answered from a phone.
  ...[CARER.li, CARER.zhang, CARER.liu, CARER.chen].map((r, i) => responderUser(11 + i, `carer${i + 1}`, r)),
  ...[CADRE.zhao, CADRE.sun].map((r, i) => responderUser(21 + i, `cadre${i + 1}`, r)),
  ...[DOCTOR.zhou, DOCTOR.wu].map((r, i) => responderUser(31 + i, `doctor${i + 1}`, r)),
];

function responderUser(n: number, username: string, responderIndex: number): DemoUser {
  return { id: demoId('c', n), username, password: DEMO_PASSWORDS.responder, role: 'responder', responder: responderIndex };
}

export function demoSerial(residentNumber: number): string {
  return `HK-DEMO-${String(residentNumber).padStart(4, '0')}`;
}

/**
 * Two residents also wear a device that speaks a TCP device protocol, as cities hand them out:
 * resident 3 (dementia, falls) a "3G" watch with fall detection, resident 4 (lives alone after a
 * stroke) a GT06 pendant. Ids are as the devices send them: 10 digits for the watch, the IMEI
 * (15 digits) for the pendant.
 */
export const DEMO_TCP_DEVICES: readonly { resident: number; protocol: TcpDeviceProtocolName; serial: string; maker?: string }[] = [
  { resident: 3, protocol: 'watch', serial: '8800000003', maker: '3G' },
  { resident: 4, protocol: 'gt06', serial: '865700000000004' },
];
