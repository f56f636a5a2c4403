import type { Role } from '../platform/permissions.js';

/**
 * The demo company: 华光照明电器有限公司, a lighting and home-appliance manufacturer in the
 * Yangtze River Delta with its after-sales service department. Static reference content only;
 * customers, orders and units are generated from these lists by demo-customers.ts.
 */

export const DEMO_COMPANY = '华光照明电器有限公司';

/** One password shared by every demo user — demo data only; printed at start. */
export const DEMO_PASSWORD = 'demo1234';

// ---------------------------------------------------------------- regions (GB/T 2260 codes)

export interface DemoRegion {
  code: string;
  name: string;
  parent?: string;
  /** leaves: where customers live */
  city?: {
    province: string;
    city: string;
    /** districts of a city region; Shanghai's regions are districts themselves */
    districts?: string[];
    postalPrefix: string;
    areaCode: string;
    latitude: number;
    longitude: number;
    streets: string[];
  };
}

export const DEMO_REGIONS: DemoRegion[] = [
  { code: '310000', name: '上海市' },
  {
    code: '310101',
    name: '黄浦区',
    parent: '310000',
    city: {
      province: '上海市',
      city: '上海市',
      postalPrefix: '2000',
      areaCode: '021',
      latitude: 31.2317,
      longitude: 121.4846,
      streets: ['南京东路', '西藏中路', '淮海中路', '河南南路', '复兴东路'],
    },
  },
  {
    code: '310104',
    name: '徐汇区',
    parent: '310000',
    city: {
      province: '上海市',
      city: '上海市',
      postalPrefix: '2000',
      areaCode: '021',
      latitude: 31.1885,
      longitude: 121.4365,
      streets: ['漕溪北路', '肇嘉浜路', '天钥桥路', '虹桥路', '宜山路'],
    },
  },
  {
    code: '310106',
    name: '静安区',
    parent: '310000',
    city: {
      province: '上海市',
      city: '上海市',
      postalPrefix: '2000',
      areaCode: '021',
      latitude: 31.229,
      longitude: 121.448,
      streets: ['南京西路', '延安中路', '江宁路', '共和新路', '万荣路'],
    },
  },
  {
    code: '310112',
    name: '闵行区',
    parent: '310000',
    city: {
      province: '上海市',
      city: '上海市',
      postalPrefix: '2011',
      areaCode: '021',
      latitude: 31.1127,
      longitude: 121.3816,
      streets: ['七莘路', '虹井路', '都市路', '沪闵路', '莲花南路'],
    },
  },
  {
    code: '310114',
    name: '嘉定区',
    parent: '310000',
    city: {
      province: '上海市',
      city: '上海市',
      postalPrefix: '2018',
      areaCode: '021',
      latitude: 31.3747,
      longitude: 121.2655,
      streets: ['城中路', '博乐路', '嘉定北路', '沪宜公路', '裕民南路'],
    },
  },
  {
    code: '310115',
    name: '浦东新区',
    parent: '310000',
    city: {
      province: '上海市',
      city: '上海市',
      postalPrefix: '2001',
      areaCode: '021',
      latitude: 31.2213,
      longitude: 121.5447,
      streets: ['世纪大道', '张杨路', '锦绣路', '川沙路', '金科路', '东方路'],
    },
  },
  { code: '320000', name: '江苏省' },
  {
    code: '320100',
    name: '南京市',
    parent: '320000',
    city: {
      province: '江苏省',
      city: '南京市',
      districts: ['玄武区', '秦淮区', '鼓楼区', '建邺区'],
      postalPrefix: '2100',
      areaCode: '025',
      latitude: 32.0603,
      longitude: 118.7969,
      streets: ['中山路', '汉中路', '龙蟠中路', '江东中路', '珠江路', '应天大街'],
    },
  },
  {
    code: '320500',
    name: '苏州市',
    parent: '320000',
    city: {
      province: '江苏省',
      city: '苏州市',
      districts: ['姑苏区', '工业园区', '吴中区', '虎丘区'],
      postalPrefix: '2150',
      areaCode: '0512',
      latitude: 31.2989,
      longitude: 120.5853,
      streets: ['干将路', '人民路', '金鸡湖大道', '星湖街', '东环路', '长江路'],
    },
  },
  { code: '330000', name: '浙江省' },
  {
    code: '330100',
    name: '杭州市',
    parent: '330000',
    city: {
      province: '浙江省',
      city: '杭州市',
      districts: ['西湖区', '上城区', '拱墅区', '滨江区'],
      postalPrefix: '3100',
      areaCode: '0571',
      latitude: 30.2741,
      longitude: 120.1551,
      streets: ['文三路', '延安路', '庆春路', '滨盛路', '江南大道', '莫干山路'],
    },
  },
  {
    code: '330200',
    name: '宁波市',
    parent: '330000',
    city: {
      province: '浙江省',
      city: '宁波市',
      districts: ['海曙区', '鄞州区', '江北区'],
      postalPrefix: '3150',
      areaCode: '0574',
      latitude: 29.8683,
      longitude: 121.544,
      streets: ['中山东路', '天童南路', '江东北路', '百丈路', '钱湖北路'],
    },
  },
];

// ---------------------------------------------------------------- organisation

export const DEMO_DEPARTMENTS: { code: string; name: string; parent?: string }[] = [
  { code: 'ZJB', name: '总经理办公室' },
  { code: 'KF', name: '客服部', parent: 'ZJB' },
  { code: 'WX', name: '维修服务部', parent: 'ZJB' },
  { code: 'WX-SH', name: '上海维修组', parent: 'WX' },
  { code: 'WX-JS', name: '江苏维修组', parent: 'WX' },
  { code: 'WX-ZJ', name: '浙江维修组', parent: 'WX' },
  { code: 'PZ', name: '品质部', parent: 'ZJB' },
  { code: 'CK', name: '仓库', parent: 'ZJB' },
  { code: 'CW', name: '财务部', parent: 'ZJB' },
];

export const DEMO_GRADES: { code: string; name: string; rank: number }[] = [
  { code: 'junior', name: '初级', rank: 1 },
  { code: 'middle', name: '中级', rank: 2 },
  { code: 'senior', name: '高级', rank: 3 },
  { code: 'master', name: '技师', rank: 4 },
];

// ---------------------------------------------------------------- catalogue

export const DEMO_CATEGORIES: { code: string; name: string; parent?: string }[] = [
  { code: 'electrical', name: '电气' },
  { code: 'electrical.distribution', name: '配电设备', parent: 'electrical' },
  { code: 'electrical.switch', name: '开关面板', parent: 'electrical' },
  { code: 'lighting', name: '照明' },
  { code: 'lighting.indoor', name: '室内照明', parent: 'lighting' },
  { code: 'lighting.outdoor', name: '户外照明', parent: 'lighting' },
  { code: 'hvac', name: '暖通空调' },
  { code: 'hvac.ac', name: '空调', parent: 'hvac' },
  { code: 'hvac.ventilation', name: '新风', parent: 'hvac' },
  { code: 'appliance', name: '家电' },
  { code: 'appliance.water_heater', name: '热水器', parent: 'appliance' },
  { code: 'appliance.kitchen', name: '厨房电器', parent: 'appliance' },
];

export interface DemoProduct {
  model: string;
  name: string;
  category: string;
  specification: string;
  warrantyMonths: number;
  postRepairDays: number;
  /** list price in fen */
  priceFen: number;
  /** serial number family: HG-<family>-<year>-<sequence> */
  family: 'LED' | 'AC' | 'WH' | 'KA' | 'EL';
  /** who buys it */
  buyers: 'person' | 'company' | 'both';
  discontinued?: boolean;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    model: 'HG-DL-0712',
    name: 'LED 筒灯 7W',
    category: 'lighting.indoor',
    specification: '7W 3000K/4000K 开孔Φ75mm AC220V',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 3_500,
    family: 'LED',
    buyers: 'both',
  },
  {
    model: 'HG-DL-1215',
    name: 'LED 筒灯 12W',
    category: 'lighting.indoor',
    specification: '12W 4000K 开孔Φ150mm 防眩光',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 5_800,
    family: 'LED',
    buyers: 'company',
  },
  {
    model: 'HG-CL-2440',
    name: 'LED 吸顶灯 24W',
    category: 'lighting.indoor',
    specification: '24W Φ400mm 三段调色 遥控调光',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 19_900,
    family: 'LED',
    buyers: 'person',
  },
  {
    model: 'HG-CL-3650',
    name: 'LED 吸顶灯 36W',
    category: 'lighting.indoor',
    specification: '36W Φ500mm 无极调光 客厅款',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 29_900,
    family: 'LED',
    buyers: 'person',
  },
  {
    model: 'HG-PL-6060',
    name: 'LED 平板灯 600×600',
    category: 'lighting.indoor',
    specification: '40W 600×600mm 4000K 办公照明 UGR<19',
    warrantyMonths: 36,
    postRepairDays: 90,
    priceFen: 15_000,
    family: 'LED',
    buyers: 'company',
  },
  {
    model: 'HG-TL-1200',
    name: 'T5 LED 支架灯 1.2m',
    category: 'lighting.indoor',
    specification: '16W 1200mm T5 一体化支架',
    warrantyMonths: 12,
    postRepairDays: 90,
    priceFen: 3_000,
    family: 'LED',
    buyers: 'company',
    discontinued: true,
  },
  {
    model: 'HG-SL-100',
    name: 'LED 路灯 100W',
    category: 'lighting.outdoor',
    specification: '100W 5000K IP66 压铸铝灯体 6米灯杆',
    warrantyMonths: 36,
    postRepairDays: 180,
    priceFen: 98_000,
    family: 'LED',
    buyers: 'company',
  },
  {
    model: 'HG-SL-150',
    name: 'LED 路灯 150W',
    category: 'lighting.outdoor',
    specification: '150W 5000K IP66 10米灯杆 主干道',
    warrantyMonths: 36,
    postRepairDays: 180,
    priceFen: 128_000,
    family: 'LED',
    buyers: 'company',
  },
  {
    model: 'HG-FL-200',
    name: 'LED 投光灯 200W',
    category: 'lighting.outdoor',
    specification: '200W IP65 楼体亮化 窄光束',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 86_000,
    family: 'LED',
    buyers: 'company',
  },
  {
    model: 'HG-SOL-60',
    name: '太阳能路灯 60W',
    category: 'lighting.outdoor',
    specification: '60W 单晶硅板 锂电池 光控+雷达感应',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 168_000,
    family: 'LED',
    buyers: 'company',
  },
  {
    model: 'HG-AC-26GW',
    name: '壁挂式空调 1匹',
    category: 'hvac.ac',
    specification: '制冷量2600W 一级能效 直流变频 冷暖',
    warrantyMonths: 72,
    postRepairDays: 90,
    priceFen: 239_900,
    family: 'AC',
    buyers: 'person',
  },
  {
    model: 'HG-AC-35GW',
    name: '壁挂式空调 1.5匹',
    category: 'hvac.ac',
    specification: '制冷量3500W 一级能效 直流变频 冷暖 自清洁',
    warrantyMonths: 72,
    postRepairDays: 90,
    priceFen: 289_900,
    family: 'AC',
    buyers: 'both',
  },
  {
    model: 'HG-AC-72LW',
    name: '柜式空调 3匹',
    category: 'hvac.ac',
    specification: '制冷量7200W 二级能效 圆柱立式 冷暖',
    warrantyMonths: 72,
    postRepairDays: 90,
    priceFen: 699_900,
    family: 'AC',
    buyers: 'both',
  },
  {
    model: 'HG-VRF-280',
    name: '多联机中央空调 10匹',
    category: 'hvac.ac',
    specification: '室外机28kW 一拖八 R410A 商用',
    warrantyMonths: 36,
    postRepairDays: 180,
    priceFen: 3_600_000,
    family: 'AC',
    buyers: 'company',
  },
  {
    model: 'HG-ERV-300',
    name: '全热交换新风机',
    category: 'hvac.ventilation',
    specification: '风量300m³/h 热回收效率≥70% PM2.5过滤',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 880_000,
    family: 'AC',
    buyers: 'both',
  },
  {
    model: 'HG-EWH-60',
    name: '电热水器 60L',
    category: 'appliance.water_heater',
    specification: '60L 3000W 一级能效 速热 内胆8年',
    warrantyMonths: 36,
    postRepairDays: 90,
    priceFen: 169_900,
    family: 'WH',
    buyers: 'person',
  },
  {
    model: 'HG-EWH-80',
    name: '电热水器 80L',
    category: 'appliance.water_heater',
    specification: '80L 3300W 一级能效 双胆速热',
    warrantyMonths: 36,
    postRepairDays: 90,
    priceFen: 199_900,
    family: 'WH',
    buyers: 'person',
  },
  {
    model: 'HG-GWH-16',
    name: '燃气热水器 16L',
    category: 'appliance.water_heater',
    specification: '16L 天然气12T 零冷水 恒温',
    warrantyMonths: 36,
    postRepairDays: 90,
    priceFen: 259_900,
    family: 'WH',
    buyers: 'person',
  },
  {
    model: 'HG-HP-200',
    name: '空气能热水器 200L',
    category: 'appliance.water_heater',
    specification: '200L 一级能效 -7℃低温制热 酒店学校适用',
    warrantyMonths: 60,
    postRepairDays: 180,
    priceFen: 699_900,
    family: 'WH',
    buyers: 'both',
  },
  {
    model: 'HG-RH-900',
    name: '吸油烟机',
    category: 'appliance.kitchen',
    specification: '大吸力21m³/min 侧吸式 挥手控制',
    warrantyMonths: 36,
    postRepairDays: 90,
    priceFen: 299_900,
    family: 'KA',
    buyers: 'person',
  },
  {
    model: 'HG-GS-520',
    name: '燃气灶 双眼',
    category: 'appliance.kitchen',
    specification: '5.2kW 钢化玻璃面板 熄火保护',
    warrantyMonths: 12,
    postRepairDays: 90,
    priceFen: 129_900,
    family: 'KA',
    buyers: 'person',
  },
  {
    model: 'HG-DW-08',
    name: '嵌入式洗碗机 8套',
    category: 'appliance.kitchen',
    specification: '8套 热风烘干 除菌',
    warrantyMonths: 12,
    postRepairDays: 90,
    priceFen: 399_900,
    family: 'KA',
    buyers: 'person',
  },
  {
    model: 'HG-DB-12',
    name: '配电箱 12回路',
    category: 'electrical.distribution',
    specification: 'PZ30 暗装 12位 含漏电保护',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 68_000,
    family: 'EL',
    buyers: 'both',
  },
  {
    model: 'HG-DB-24',
    name: '配电箱 24回路',
    category: 'electrical.distribution',
    specification: 'PZ30 明装 24位 商用',
    warrantyMonths: 24,
    postRepairDays: 90,
    priceFen: 128_000,
    family: 'EL',
    buyers: 'company',
  },
  {
    model: 'HG-ATS-63',
    name: '双电源自动切换开关 63A',
    category: 'electrical.distribution',
    specification: '63A 4P PC级 消防联动',
    warrantyMonths: 24,
    postRepairDays: 180,
    priceFen: 320_000,
    family: 'EL',
    buyers: 'company',
  },
  {
    model: 'HG-SW-86',
    name: '智能开关面板 86型',
    category: 'electrical.switch',
    specification: '86型 三联 零火线 支持米家/涂鸦',
    warrantyMonths: 12,
    postRepairDays: 90,
    priceFen: 9_900,
    family: 'EL',
    buyers: 'both',
  },
];

// ---------------------------------------------------------------- people

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  department: string;
  grade?: string;
  /** category code → level 1–5 */
  skills?: Record<string, number>;
  /** region codes */
  regions?: string[];
  phone: string;
  /** heads this department */
  heads?: string;
  /** technicians: where they start from (distance in the dispatch ranking) */
  base?: { latitude: number; longitude: number; address: string };
}

/** Users for every role; technicians with skills and regions so dispatch has real candidates. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '周立新', roles: ['admin'], department: 'ZJB', phone: '13801760001' },
  { username: 'gm', displayName: '陈国华', roles: ['general_manager'], department: 'ZJB', phone: '13801760002', heads: 'ZJB' },
  {
    username: 'head',
    displayName: '王志强',
    roles: ['department_head'],
    department: 'WX',
    grade: 'master',
    phone: '13801760003',
    heads: 'WX',
  },
  {
    username: 'supervisor',
    displayName: '刘慧敏',
    roles: ['supervisor'],
    department: 'KF',
    grade: 'senior',
    phone: '13801760004',
    heads: 'KF',
  },
  { username: 'agent1', displayName: '李晓燕', roles: ['agent'], department: 'KF', grade: 'middle', phone: '13801760011' },
  { username: 'agent2', displayName: '张婷', roles: ['agent'], department: 'KF', grade: 'junior', phone: '13801760012' },
  { username: 'agent3', displayName: '赵磊', roles: ['agent'], department: 'KF', grade: 'middle', phone: '13801760013' },
  {
    username: 'tech1',
    displayName: '孙建军',
    roles: ['technician'],
    department: 'WX-SH',
    grade: 'master',
    skills: { lighting: 5, electrical: 4 },
    regions: ['310101', '310115'],
    phone: '13916520021',
    base: { latitude: 31.2304, longitude: 121.4737, address: '上海市黄浦区人民大道200号 华光上海服务站' },
    heads: 'WX-SH',
  },
  {
    username: 'tech2',
    displayName: '马超',
    roles: ['technician'],
    department: 'WX-SH',
    grade: 'senior',
    skills: { hvac: 5, appliance: 3 },
    regions: ['310104', '310112'],
    phone: '13916520022',
    base: { latitude: 31.1959, longitude: 121.4368, address: '上海市徐汇区漕溪北路88号' },
  },
  {
    username: 'tech3',
    displayName: '黄伟',
    roles: ['technician'],
    department: 'WX-SH',
    grade: 'middle',
    skills: { appliance: 4, hvac: 3, lighting: 2 },
    regions: ['310000'],
    phone: '13916520023',
    base: { latitude: 31.1120, longitude: 121.3817, address: '上海市闵行区莘庄镇莘建路55号' },
  },
  {
    username: 'tech4',
    displayName: '吴海涛',
    roles: ['technician'],
    department: 'WX-JS',
    grade: 'senior',
    skills: { lighting: 4, hvac: 3, electrical: 3 },
    regions: ['320100'],
    phone: '13951860024',
    base: { latitude: 32.0415, longitude: 118.7781, address: '江苏省南京市秦淮区中山南路1号 华光南京服务站' },
    heads: 'WX-JS',
  },
  {
    username: 'tech5',
    displayName: '郑永强',
    roles: ['technician'],
    department: 'WX-JS',
    grade: 'middle',
    skills: { electrical: 5, lighting: 3, appliance: 2 },
    regions: ['320500'],
    phone: '13962150025',
    base: { latitude: 31.2990, longitude: 120.5853, address: '江苏省苏州市姑苏区人民路100号' },
  },
  {
    username: 'tech6',
    displayName: '何俊杰',
    roles: ['technician'],
    department: 'WX-ZJ',
    grade: 'junior',
    skills: { hvac: 4, appliance: 4, lighting: 2 },
    regions: ['330100', '330200'],
    phone: '13857160026',
    base: { latitude: 30.2741, longitude: 120.1551, address: '浙江省杭州市上城区解放路18号 华光杭州服务站' },
    heads: 'WX-ZJ',
  },
  {
    username: 'quality',
    displayName: '林静',
    roles: ['quality'],
    department: 'PZ',
    grade: 'senior',
    phone: '13801760031',
    heads: 'PZ',
  },
  {
    username: 'warehouse',
    displayName: '郭明',
    roles: ['warehouse'],
    department: 'CK',
    grade: 'middle',
    phone: '13801760032',
    heads: 'CK',
  },
  {
    username: 'finance',
    displayName: '徐丽华',
    roles: ['finance'],
    department: 'CW',
    grade: 'senior',
    phone: '13801760033',
    heads: 'CW',
  },
];

// ---------------------------------------------------------------- customer name material

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严'.split(
    '',
  );

export const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '海燕',
  '晓东',
  '文博',
  '子涵',
  '浩然',
  '雨欣',
  '思远',
  '佳怡',
  '俊峰',
  '丽娟',
  '建国',
  '红梅',
  '国庆',
  '春燕',
  '立新',
  '振华',
  '美玲',
  '嘉怡',
  '宇航',
  '梓萱',
  '一鸣',
  '欣怡',
  '晨曦',
  '德明',
  '玉兰',
  '雪梅',
  '永刚',
];

export const COMPANY_WORDS = [
  '浦江',
  '金桥',
  '新城',
  '恒信',
  '瑞丰',
  '嘉禾',
  '东方',
  '明珠',
  '翠湖',
  '星河',
  '宏达',
  '永安',
  '长青',
  '博远',
  '华庭',
  '锦程',
  '汇丰',
  '中泰',
  '天元',
  '绿洲',
  '同创',
  '盛世',
  '远航',
  '景明',
  '和信',
  '安居',
  '泰和',
  '兴业',
  '广厦',
  '鸿运',
];

export const COMPANY_KINDS: { suffix: string; tags: string[]; buysMostly: string[] }[] = [
  {
    suffix: '物业管理有限公司',
    tags: ['物业'],
    buysMostly: ['HG-DL-1215', 'HG-PL-6060', 'HG-FL-200', 'HG-DB-24', 'HG-SL-100', 'HG-ATS-63'],
  },
  { suffix: '酒店管理有限公司', tags: ['酒店'], buysMostly: ['HG-DL-0712', 'HG-HP-200', 'HG-VRF-280', 'HG-ERV-300', 'HG-SW-86'] },
  {
    suffix: '房地产开发有限公司',
    tags: ['工程项目'],
    buysMostly: ['HG-DL-0712', 'HG-DB-12', 'HG-SW-86', 'HG-AC-35GW', 'HG-SL-150'],
  },
  {
    suffix: '建筑安装工程有限公司',
    tags: ['工程项目'],
    buysMostly: ['HG-DB-24', 'HG-ATS-63', 'HG-PL-6060', 'HG-TL-1200', 'HG-VRF-280'],
  },
  { suffix: '商业管理有限公司', tags: ['商场'], buysMostly: ['HG-DL-1215', 'HG-FL-200', 'HG-VRF-280', 'HG-PL-6060'] },
  { suffix: '市政工程有限公司', tags: ['市政'], buysMostly: ['HG-SL-100', 'HG-SL-150', 'HG-SOL-60', 'HG-FL-200'] },
  {
    suffix: '电器销售有限公司',
    tags: ['经销商'],
    buysMostly: ['HG-AC-26GW', 'HG-AC-35GW', 'HG-EWH-60', 'HG-CL-2440', 'HG-RH-900'],
  },
];

export const SCHOOLS_AND_HOSPITALS = [
  '实验中学',
  '第二中学',
  '外国语学校',
  '中心小学',
  '人民医院',
  '中医医院',
  '职业技术学院',
  '图书馆',
];

export const PERSON_TAGS = ['老客户', '电商渠道', '门店', '经销商推荐', '以旧换新'];

export const MOBILE_PREFIXES = [
  '139',
  '138',
  '137',
  '136',
  '135',
  '158',
  '159',
  '186',
  '187',
  '188',
  '189',
  '177',
  '180',
  '150',
  '151',
  '152',
  '131',
  '133',
];
