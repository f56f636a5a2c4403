import type { CaseChannel, CaseUrgency, OpenCaseRequest } from '../../contracts/cases.js';
import type { RepairActionRequest } from '../../contracts/repairs.js';
import type { ClaimActionRequest, ClaimView, OpenClaimRequest } from '../../contracts/warranty.js';
import { applyCaseAction, getCaseRecord, openCase, pauseCase } from '../modules/cases/cases.service.js';
import { createSparePart, createStockLocation } from '../modules/parts/parts.service.js';
import { receiveStock, transferStock } from '../modules/parts/stock.service.js';
import { companyCalendarOf, rankForCase } from '../modules/repairs/dispatch.service.js';
import { dispatchCase, runRepairAction } from '../modules/repairs/repairs.service.js';
import { readRepairSettings } from '../modules/repairs/repairs.settings.js';
import { applyRefundAction, applyReplacementAction, applyRmaAction } from '../modules/warranty/remedies.service.js';
import { applyClaimAction, openClaim } from '../modules/warranty/warranty.service.js';
import { recordAudit } from '../platform/audit.js';
import { addDays, isWorkingDay, localDateOf, type WorkingCalendar } from '../platform/calendar/index.js';
import { wallClockOf, wallTimeToInstant } from '../platform/calendar/timezone.js';
import { fixedClock } from '../platform/clock.js';
import type { ServiceContext } from '../platform/context.js';
import type { Role, UserActor } from '../platform/permissions.js';
import * as repo from './demo-cases.repository.js';
import { DEMO_PRODUCTS, DEMO_REGIONS, DEMO_USERS } from './demo-data.js';
import { complaintsStep } from './demo-complaints.js';
import { signatureDataUrl } from './demo-signature.js';
import type { Random } from './random.js';

/**
 * The demo department in the middle of its day: ~40 cases of 华光照明电器有限公司 made THROUGH THE
 * REAL SERVICES (openCase, the repair actions, the warranty claim / RMA / replacement / refund
 * actions, stock receive and transfer), so every row, deadline, audit entry and timeline event is
 * exactly what the app writes itself.
 *
 * How: each demo step (DEMO_CASE_STEPS below — the extension point: complaints and follow-ups add
 * theirs there) plans stories; a story is a list of beats, each a service call by a demo user at a
 * moment in the past. All beats of all stories run in time order, each with a context whose clock
 * is set to its moment — so case numbers follow the opening times, deadlines count from the real
 * opening and cases opened days ago are overdue today. Everything runs in the caller's transaction
 * (the demo seed's: all or nothing). Deterministic: the units, signatures and choices come from the
 * seeded random; the times from "now" (the department's day is always today).
 */

// ---------------------------------------------------------------------------------------------
// The world the stories play in

type DemoUser = 'agent1' | 'agent2' | 'agent3' | 'supervisor' | 'quality' | 'warehouse' | 'finance' | 'head' | 'gm' | Tech;
type Tech = 'tech1' | 'tech2' | 'tech3' | 'tech4' | 'tech5' | 'tech6';
type Agent = 'agent1' | 'agent2' | 'agent3';

export interface DemoUnit extends repo.DemoUnitRow {
  contactId: string | null;
  contactName: string | null;
  latitude: number | null;
  longitude: number | null;
  regionPath: string[];
  topCategory: string;
}

export interface DemoCaseWorld {
  /** the seed's transaction (system actor) */
  tx: ServiceContext;
  now: Date;
  calendar: WorkingCalendar;
  random: Random;
  /** the same transaction acting as a demo user at a moment */
  as(username: DemoUser, at: Date): ServiceContext;
  userId(username: DemoUser): string;
  /** a unit of a demo customer nobody used yet for a demo case (one case per customer) */
  takeUnit(filter: UnitFilter): DemoUnit;
  /** the local day `n` working days before today (0 = today) */
  workingDaysAgo(n: number): string;
  /** an instant on a local day at hh:mm in the company time zone */
  at(day: string, hhmm: string): Date;
  /** `minutes` before now */
  ago(minutes: number): Date;
  today: string;
  /** spare parts by code, vans by technician, the central warehouses by code (filled by the parts step) */
  parts: Map<string, string>;
  vans: Map<string, string>;
  warehouses: Map<string, string>;
  counts: Record<string, number>;
}

export interface UnitFilter {
  /** for this technician: in his regions, of a category he is skilled in */
  tech?: Tech;
  categories?: string[];
  models?: string[];
  kind?: 'person' | 'company';
  /** bought at least a week before this day */
  boughtBefore: string;
  inWarrantyOn?: string;
  outOfWarrantyOn?: string;
}

/** One moment of a story: a service call. */
export interface DemoBeat {
  at: Date;
  /** `at` is the beat's moment as played (a minute after the story's previous beat at least) */
  run: (at: Date) => Promise<unknown>;
}
export type DemoStory = DemoBeat[];

/** One kind of demo work; it plans stories whose beats the runner plays in time order. */
export interface DemoCaseStep {
  name: string;
  plan(world: DemoCaseWorld): DemoStory[];
}

// ---------------------------------------------------------------------------------------------
// Spare parts and stock (备件): what the technicians' repairs take from their vans

const SPARE_PARTS: { code: string; name: string; spec: string; uom: string; costFen: number; models: string[]; min: number }[] = [
  { code: 'BJ-DRV-12W', name: 'LED驱动电源 12W', spec: '恒流 300mA 隔离型', uom: '个', costFen: 1_850, models: ['HG-DL-0712', 'HG-DL-1215'], min: 20 },
  { code: 'BJ-DRV-40W', name: 'LED驱动电源 40W', spec: '恒流 900mA 无频闪', uom: '个', costFen: 3_600, models: ['HG-CL-2440', 'HG-CL-3650', 'HG-PL-6060', 'HG-TL-1200'], min: 20 },
  { code: 'BJ-LED-MOD', name: 'LED光源模组', spec: '吸顶灯/平板灯通用 4000K', uom: '片', costFen: 2_400, models: ['HG-CL-2440', 'HG-CL-3650', 'HG-PL-6060'], min: 10 },
  { code: 'BJ-DRV-150W', name: '路灯驱动电源 150W', spec: 'IP67 防水 1-10V调光', uom: '个', costFen: 18_500, models: ['HG-SL-100', 'HG-SL-150', 'HG-FL-200'], min: 5 },
  { code: 'BJ-BAT-60', name: '太阳能路灯锂电池组', spec: '12.8V 30Ah 磷酸铁锂', uom: '组', costFen: 42_000, models: ['HG-SOL-60'], min: 3 },
  { code: 'BJ-CAP-35', name: '压缩机启动电容', spec: '35μF 450V', uom: '个', costFen: 1_200, models: ['HG-AC-26GW', 'HG-AC-35GW', 'HG-AC-72LW'], min: 20 },
  { code: 'BJ-NTC-10K', name: '温度传感器', spec: 'NTC 10kΩ 管温/室温通用', uom: '个', costFen: 650, models: ['HG-AC-26GW', 'HG-AC-35GW', 'HG-AC-72LW', 'HG-HP-200'], min: 20 },
  { code: 'BJ-HTR-3000', name: '电热水器加热管', spec: '3000W 不锈钢 法兰型', uom: '根', costFen: 8_800, models: ['HG-EWH-60', 'HG-EWH-80'], min: 8 },
  { code: 'BJ-MGR-EWH', name: '镁棒', spec: '电热水器通用 M14', uom: '根', costFen: 1_500, models: ['HG-EWH-60', 'HG-EWH-80'], min: 20 },
  { code: 'BJ-IGN-01', name: '脉冲点火器', spec: '3V 双针 燃气灶/热水器通用', uom: '个', costFen: 2_200, models: ['HG-GWH-16', 'HG-GS-520'], min: 10 },
  { code: 'BJ-RCD-63', name: '漏电保护断路器', spec: '2P 63A 30mA', uom: '个', costFen: 4_800, models: ['HG-DB-12', 'HG-DB-24'], min: 10 },
  { code: 'BJ-SW-MOD', name: '智能开关模块', spec: '86型 单火/零火 WiFi', uom: '个', costFen: 3_900, models: ['HG-SW-86'], min: 10 },
  { code: 'BJ-PUMP-DW', name: '洗碗机排水泵', spec: '30W 220V', uom: '个', costFen: 9_500, models: ['HG-DW-08'], min: 3 },
];

/** The regional warehouses and which technicians' vans they fill. */
const WAREHOUSES: { code: string; name: string; address: string; techs: Tech[] }[] = [
  { code: 'CK-SH', name: '上海中心仓', address: '上海市闵行区都市路1888号 华光物流园', techs: ['tech1', 'tech2', 'tech3'] },
  { code: 'CK-NJ', name: '南京备件库', address: '江苏省南京市秦淮区中山南路1号', techs: ['tech4', 'tech5'] },
  { code: 'CK-HZ', name: '杭州备件库', address: '浙江省杭州市上城区解放路18号', techs: ['tech6'] },
];

const partsStep: DemoCaseStep = {
  name: 'parts',
  plan(w) {
    const received = w.at(w.workingDaysAgo(22), '09:30');
    const stocked = w.at(w.workingDaysAgo(21), '15:00');
    return [
      [
        {
          at: received,
          run: async (at) => {
            const ctx = w.as('warehouse', at);
            const productIds = await repo.productIdsByModel(ctx.db);
            for (const p of SPARE_PARTS) {
              const part = await createSparePart(ctx, {
                code: p.code,
                name: p.name,
                specification: p.spec,
                unitOfMeasure: p.uom,
                standardCostFen: p.costFen,
                minStock: p.min,
                productIds: p.models.map((m) => productIds.get(m)).filter((id): id is string => Boolean(id)),
              });
              w.parts.set(p.code, part.id);
            }
            for (const wh of WAREHOUSES) {
              const location = await createStockLocation(ctx, { code: wh.code, name: wh.name, kind: 'warehouse', address: wh.address });
              w.warehouses.set(wh.code, location.id);
              await receiveStock(ctx, {
                locationId: location.id,
                lines: SPARE_PARTS.map((p) => ({ partId: w.parts.get(p.code)!, quantity: p.min * (wh.code === 'CK-SH' ? 3 : 2) })),
                supplier: '华光照明电器有限公司 常州生产基地',
                reason: '月度备件补货',
                reference: { type: 'purchase', id: `PO-${w.today.slice(0, 4)}-${wh.code.slice(3)}01` },
              });
            }
            w.counts.spare_parts = SPARE_PARTS.length;
          },
        },
        {
          at: stocked,
          run: async (at) => {
            const ctx = w.as('warehouse', at);
            let n = 0;
            for (const wh of WAREHOUSES) {
              for (const tech of wh.techs) {
                const user = DEMO_USERS.find((u) => u.username === tech)!;
                const van = await createStockLocation(ctx, {
                  code: `VAN-${tech.slice(4).padStart(2, '0')}`,
                  name: `${user.displayName}车载库`,
                  kind: 'van',
                  technicianUserId: w.userId(tech),
                });
                w.vans.set(tech, van.id);
                n += 1;
                await transferStock(ctx, {
                  fromLocationId: w.warehouses.get(wh.code)!,
                  toLocationId: van.id,
                  lines: SPARE_PARTS.map((p) => ({ partId: w.parts.get(p.code)!, quantity: Math.max(2, Math.round(p.min / 4)) })),
                  reason: '车载库补货',
                });
              }
            }
            w.counts.stock_locations = WAREHOUSES.length + n;
          },
        },
      ],
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// What callers report, in their words, and what the technician finds

interface Fault {
  title: string;
  description: string;
  diagnosis: string;
  workDone: string;
  part?: string;
  tools?: string[];
  advice: string;
}

const LIGHT_ADVICE = '请勿频繁开关，清洁灯罩时先断电；如再出现闪烁请及时联系我们。';
const FAULTS: { models: string[]; faults: Fault[] }[] = [
  {
    models: ['HG-DL-0712', 'HG-DL-1215'],
    faults: [
      {
        title: '客厅筒灯频闪，开灯后一闪一闪',
        description: '客厅吊顶里的筒灯这两天一开灯就闪，关了再开也一样，同一路的其它灯是好的。看着眼睛难受，老人在家不方便。',
        diagnosis: 'LED驱动电源输出电容鼓包，输出电流不稳导致频闪',
        workDone: '更换LED驱动电源，通电测试30分钟无频闪',
        part: 'BJ-DRV-12W',
        tools: ['万用表', '人字梯'],
        advice: LIGHT_ADVICE,
      },
      {
        title: '走廊筒灯有三只不亮了',
        description: '店里走廊一排筒灯，最近陆续有三只不亮，开关和线路电工看过没问题，麻烦派师傅来看看。',
        diagnosis: '三只灯具驱动电源击穿，灯珠正常',
        workDone: '更换三只驱动电源，逐只通电检查正常',
        part: 'BJ-DRV-12W',
        tools: ['万用表', '人字梯'],
        advice: LIGHT_ADVICE,
      },
    ],
  },
  {
    models: ['HG-CL-2440', 'HG-CL-3650'],
    faults: [
      {
        title: '卧室吸顶灯不亮，换了开关也不行',
        description: '卧室吸顶灯昨晚突然灭了，我们自己换了墙上开关还是不亮，灯罩里有点焦味。',
        diagnosis: '驱动电源烧毁，光源模组部分灯珠发黑',
        workDone: '更换驱动电源和LED光源模组，试灯正常',
        part: 'BJ-LED-MOD',
        tools: ['万用表', '人字梯', '螺丝刀'],
        advice: LIGHT_ADVICE,
      },
      {
        title: '吸顶灯亮度变暗，一圈灯珠发黑',
        description: '用了一年多的吸顶灯越来越暗，拆开灯罩看到有一圈灯珠发黑了，还在保修期吧？',
        diagnosis: '光源模组灯珠光衰、局部死灯',
        workDone: '更换LED光源模组，亮度恢复正常',
        part: 'BJ-LED-MOD',
        tools: ['人字梯', '螺丝刀'],
        advice: LIGHT_ADVICE,
      },
      {
        title: '吸顶灯遥控器调不了光',
        description: '客厅吸顶灯用遥控器调亮度、换色温都没反应，换了新电池也不行，只能用墙上开关开关。',
        diagnosis: '灯具遥控接收模块受潮失效',
        workDone: '更换驱动电源（含接收模块），重新对码，遥控调光调色正常',
        part: 'BJ-DRV-40W',
        tools: ['人字梯', '螺丝刀'],
        advice: '遥控器长期不用请取出电池。',
      },
    ],
  },
  {
    models: ['HG-PL-6060', 'HG-TL-1200'],
    faults: [
      {
        title: '办公室平板灯多盏闪烁',
        description: '我们办公区去年装的平板灯，这周有五六盏开始闪，员工反映看屏幕头晕，希望尽快安排。',
        diagnosis: '驱动电源批次性电容老化，输出纹波大',
        workDone: '更换闪烁灯具的驱动电源，整层巡检一遍',
        part: 'BJ-DRV-40W',
        tools: ['万用表', '人字梯', '照度计'],
        advice: '建议每年对整层灯具巡检一次，发现闪烁及时报修。',
      },
      {
        title: '会议室平板灯开机后几秒就灭',
        description: '大会议室两盏平板灯开灯亮几秒就灭，过一会儿又自己亮，明天有重要会议，麻烦尽快。',
        diagnosis: '驱动电源过温保护反复动作，散热不良',
        workDone: '更换驱动电源并调整安装位置改善散热，连续点亮1小时正常',
        part: 'BJ-DRV-40W',
        tools: ['万用表', '人字梯', '红外测温仪'],
        advice: '灯具上方请勿堆放保温材料，保持散热。',
      },
    ],
  },
  {
    models: ['HG-SL-100', 'HG-SL-150', 'HG-FL-200'],
    faults: [
      {
        title: '小区路灯晚上有两盏不亮',
        description: '小区东门进来那一段有两盏路灯晚上不亮，业主投诉走路看不清，物业这边电工查了供电正常。',
        diagnosis: '路灯驱动电源进水损坏，灯头密封圈老化',
        workDone: '更换驱动电源和密封圈，夜间复查亮灯正常',
        part: 'BJ-DRV-150W',
        tools: ['高空作业车', '万用表', '绝缘手套'],
        advice: '雨季前请检查灯头密封情况；高空作业请联系专业人员。',
      },
      {
        title: '广场投光灯时亮时灭',
        description: '商场外立面的投光灯这几天晚上时亮时灭，下雨之后更明显，麻烦派人看看。',
        diagnosis: '投光灯驱动电源受潮，接线盒进水',
        workDone: '更换驱动电源，接线盒重新做防水处理',
        part: 'BJ-DRV-150W',
        tools: ['高空作业车', '万用表', '防水胶'],
        advice: '雨季前请检查灯具接线盒防水。',
      },
      {
        title: '停车场路灯白天也亮着',
        description: '园区停车场的路灯白天也一直亮，晚上倒是正常，浪费电，物业让我们找厂家处理。',
        diagnosis: '光控探头被树枝遮挡且受潮失灵',
        workDone: '清理并更换光控探头密封，修剪遮挡枝叶，测试光控开关灯正常',
        tools: ['高空作业车', '万用表'],
        advice: '请定期修剪遮挡路灯探头的树枝。',
      },
    ],
  },
  {
    models: ['HG-SOL-60'],
    faults: [
      {
        title: '太阳能路灯晚上只亮两个小时就灭',
        description: '村里装的太阳能路灯，以前能亮一整晚，现在天黑亮两个小时就灭了，白天太阳很好的。',
        diagnosis: '锂电池组容量衰减至30%以下',
        workDone: '更换锂电池组，调整控制器时段',
        part: 'BJ-BAT-60',
        tools: ['登高梯', '电池检测仪'],
        advice: '请定期清理太阳能板表面灰尘，保证充电效率。',
      },
      {
        title: '太阳能路灯连续几晚都不亮',
        description: '村口两盏太阳能路灯这几天晚上都不亮了，白天看板子是干净的，控制器指示灯也不闪。',
        diagnosis: '控制器接线端子腐蚀，电池组过放保护',
        workDone: '处理接线端子并更换锂电池组，次日晚间复查亮灯正常',
        part: 'BJ-BAT-60',
        tools: ['登高梯', '电池检测仪', '万用表'],
        advice: '请定期清理太阳能板表面灰尘，保证充电效率。',
      },
    ],
  },
  {
    models: ['HG-AC-26GW', 'HG-AC-35GW', 'HG-AC-72LW'],
    faults: [
      {
        title: '空调不制冷，外机不转',
        description: '空调开了一个多小时屋里还是热的，出风是常温的，去阳台看外机风扇不转，嗡嗡响。',
        diagnosis: '压缩机启动电容容量下降，压缩机无法启动',
        workDone: '更换启动电容，试机30分钟制冷正常，出风温度12℃',
        part: 'BJ-CAP-35',
        tools: ['电容表', '压力表'],
        advice: '定期清洗滤网；长时间不用请拔掉电源。',
      },
      {
        title: '空调显示E4，开一会儿就停',
        description: '空调开机十分钟左右就停，面板显示E4，重新开机还是一样，家里有小孩，天气热着急用。',
        diagnosis: '室内管温传感器阻值漂移，误报保护',
        workDone: '更换管温传感器，试机运行正常无报错',
        part: 'BJ-NTC-10K',
        tools: ['万用表', '压力表'],
        advice: '定期清洗滤网；如再出现故障代码请记下代码后联系我们。',
      },
      {
        title: '空调室内机滴水',
        description: '卧室空调开制冷的时候室内机往下滴水，地板都湿了，墙上也有水印。',
        diagnosis: '排水管被灰尘和藻类堵塞，接水盘溢水',
        workDone: '疏通排水管并清洗接水盘，试机排水顺畅',
        tools: ['高压清洗机', '疏通器'],
        advice: '建议每年入夏前清洗一次空调，保持排水通畅。',
      },
    ],
  },
  {
    models: ['HG-VRF-280', 'HG-ERV-300'],
    faults: [
      {
        title: '酒店多联机一台内机报通讯故障',
        description: '酒店三楼走廊那台内机面板报通讯故障，不出风，客人投诉，其它楼层正常。',
        diagnosis: '内机通讯线接头氧化接触不良',
        workDone: '重新压接通讯线并做防氧化处理，系统自检通过',
        tools: ['万用表', '压线钳', '多联机调试器'],
        advice: '建议每季度安排一次多联机系统巡检。',
      },
      {
        title: '新风机运行噪音大',
        description: '新风机开中档以上噪音很大，像有东西在刮，晚上睡觉受影响。',
        diagnosis: '风机叶轮积尘失衡，电机轴承磨损',
        workDone: '清洗叶轮，更换风机电机轴承并校正动平衡',
        tools: ['拉马', '扳手', '声级计'],
        advice: '请每三个月清洗一次初效滤网。',
      },
      {
        title: '新风机不出风，面板一直提示清洗滤网',
        description: '新风机面板一直提示清洗滤网，我们洗过了还是提示，出风口几乎没有风。',
        diagnosis: '滤网压差传感器管路脱落，风机因误报停机',
        workDone: '重新连接压差管路并复位滤网计时，风量测试正常',
        tools: ['风速仪', '螺丝刀'],
        advice: '请每三个月清洗一次初效滤网，清洗后在面板上复位。',
      },
    ],
  },
  {
    models: ['HG-EWH-60', 'HG-EWH-80'],
    faults: [
      {
        title: '热水器不加热，指示灯亮',
        description: '电热水器插着电指示灯是亮的，但是烧了一晚上水还是凉的，洗澡没法洗。',
        diagnosis: '加热管烧断，内胆水垢较多',
        workDone: '更换加热管，清理内胆水垢，加热测试正常',
        part: 'BJ-HTR-3000',
        tools: ['万用表', '套筒扳手', '排水管'],
        advice: '建议每年检查一次镁棒，水质硬的地区半年检查一次。',
      },
      {
        title: '热水器一开就跳闸',
        description: '电热水器一通电家里的漏电开关就跳，今天早上跳了三次，不敢用了。',
        diagnosis: '加热管绝缘层破损漏电',
        workDone: '更换加热管和镁棒，绝缘测试合格',
        part: 'BJ-HTR-3000',
        tools: ['兆欧表', '套筒扳手'],
        advice: '洗浴前请确认漏电保护插头工作正常，不要私自拆除。',
      },
    ],
  },
  {
    models: ['HG-GWH-16', 'HG-GS-520'],
    faults: [
      {
        title: '燃气热水器打不着火',
        description: '燃气热水器开热水的时候只听见啪啪啪打火的声音，就是点不着，燃气是通的，灶台能用。',
        diagnosis: '脉冲点火器输出弱，点火针积碳',
        workDone: '更换脉冲点火器，清理点火针，点火测试10次均成功',
        part: 'BJ-IGN-01',
        tools: ['燃气检漏仪', '万用表'],
        advice: '请保持厨房通风，使用中如闻到燃气味请立即关阀开窗并联系燃气公司。',
      },
      {
        title: '燃气灶左边打不着火',
        description: '燃气灶右边好好的，左边拧了好几下才偶尔点着，点着了也容易灭。',
        diagnosis: '左灶点火器损坏，热电偶接触不良',
        workDone: '更换点火器，清洁热电偶，测试点火熄火保护正常',
        part: 'BJ-IGN-01',
        tools: ['燃气检漏仪', '螺丝刀'],
        advice: '请勿用湿抹布擦拭点火针，保持炉头干燥。',
      },
    ],
  },
  {
    models: ['HG-HP-200', 'HG-RH-900', 'HG-DW-08'],
    faults: [
      {
        title: '空气能热水器夜里制热慢，热水不够用',
        description: '学校宿舍的空气能热水器这几天降温以后晚上热水不够用，学生排队洗澡都是温的。',
        diagnosis: '环境温度传感器失准，低温模式未启动',
        workDone: '更换环境温度传感器，调整低温运行参数',
        part: 'BJ-NTC-10K',
        tools: ['压力表', '万用表'],
        advice: '冬季请保持主机周围通风，不要遮挡。',
      },
      {
        title: '油烟机吸力变小还有异响',
        description: '油烟机开最大档油烟也吸不干净，还有咔咔的响声，用了两年多没清洗过。',
        diagnosis: '叶轮油污严重导致失衡，止回阀卡滞',
        workDone: '拆洗叶轮和风道，修复止回阀，试机吸力正常无异响',
        tools: ['蒸汽清洗机', '套筒扳手'],
        advice: '建议每半年深度清洗一次油烟机。',
      },
      {
        title: '洗碗机洗完不排水',
        description: '洗碗机程序走完了里面还有一层水，显示E1，按说明书清理了过滤网还是不行。',
        diagnosis: '排水泵叶轮卡死，电机烧毁',
        workDone: '更换排水泵，运行快洗程序排水正常',
        part: 'BJ-PUMP-DW',
        tools: ['万用表', '螺丝刀'],
        advice: '每次使用后请清理过滤网残渣。',
      },
      {
        title: '洗碗机底下漏水',
        description: '洗碗机洗到一半地上就有水流出来，橱柜底板都泡了，现在不敢用。',
        diagnosis: '排水泵密封圈老化渗漏',
        workDone: '更换排水泵及密封圈，运行标准程序无渗漏',
        part: 'BJ-PUMP-DW',
        tools: ['螺丝刀', '检漏纸'],
        advice: '请使用洗碗机专用洗涤剂，避免泡沫过多。',
      },
    ],
  },
  {
    models: ['HG-DB-12', 'HG-DB-24', 'HG-ATS-63', 'HG-SW-86'],
    faults: [
      {
        title: '配电箱漏电开关频繁跳闸',
        description: '配电箱里的漏电开关这几天老跳，有时候什么都没开也跳，把各路分开试过查不出来。',
        diagnosis: '漏电保护断路器内部机构老化，动作电流偏低',
        workDone: '更换漏电保护断路器，测试动作电流28mA合格',
        part: 'BJ-RCD-63',
        tools: ['漏电保护测试仪', '兆欧表'],
        advice: '请每月按一次漏电开关的试验按钮，确认保护有效。',
      },
      {
        title: '双电源切换开关不能自动切换',
        description: '上周停电演练的时候双电源没有自动切到备用电源，要人工拨过去，消防检查前必须修好。',
        diagnosis: '控制器检测回路接线松动，延时参数被误改',
        workDone: '紧固接线，恢复出厂延时参数，模拟断电切换三次正常',
        tools: ['万用表', '扭力螺丝刀'],
        advice: '建议每季度做一次切换演练并记录。',
      },
      {
        title: '智能开关面板有一路不亮',
        description: '新装的三联智能开关，中间那一路按了没反应，App里也显示离线，另外两路正常。',
        diagnosis: '开关模块继电器损坏',
        workDone: '更换智能开关模块，重新配网，三路控制正常',
        part: 'BJ-SW-MOD',
        tools: ['电笔', '螺丝刀', '手机'],
        advice: '配网时请使用2.4G WiFi。',
      },
      {
        title: '配电箱里一个空开发烫还有焦味',
        description: '厨房那一路的空气开关摸着很烫，打开配电箱门能闻到焦味，已经先把这一路关了。',
        diagnosis: '漏电断路器进线端子松动，接触电阻大发热',
        workDone: '更换漏电断路器，重新压接紧固进线，带载测温正常',
        part: 'BJ-RCD-63',
        tools: ['红外测温仪', '扭力螺丝刀', '兆欧表'],
        advice: '大功率电器请分路使用；闻到焦味请先断电再报修。',
      },
    ],
  },
];

const toldFaults = new WeakMap<DemoCaseWorld, Set<string>>();

/** A fault of the unit's product, one not reported in another demo case when there is one. */
function faultFor(w: DemoCaseWorld, model: string): Fault {
  const group = FAULTS.find((g) => g.models.includes(model)) ?? FAULTS[0];
  const told = toldFaults.get(w) ?? new Set<string>();
  toldFaults.set(w, told);
  const fresh = group.faults.filter((f) => !told.has(f.title));
  const fault = w.random.pick(fresh.length ? fresh : group.faults);
  told.add(fault.title);
  return fault;
}

/** What a caller asks for that is not an after-sales repair (declined at review). */
const OUT_OF_SCOPE: Fault = {
  title: '想在客厅加装两个筒灯并改一下线路',
  description: '家里客厅想再加两个你们家的筒灯，顺便把开关改成双控，能不能派师傅上门装一下？',
  diagnosis: '',
  workDone: '',
  advice: '',
};

// ---------------------------------------------------------------------------------------------
// Repairs (报修): every state of the work order

type RepairStage =
  | 'reviewing'
  | 'awaiting_dispatch'
  | 'dispatched'
  | 'accepted'
  | 'on_site'
  | 'in_progress'
  | 'waiting_parts'
  | 'awaiting_quote_consent'
  | 'escalated'
  | 'awaiting_acceptance'
  | 'inspection'
  | 'completed'
  | 'closed'
  | 'cancelled'
  | 'out_of_scope';

interface RepairPlan {
  owner: Agent;
  unit: DemoUnit;
  opened: Date;
  stage: RepairStage;
  tech?: Tech;
  /** the appointment window's start */
  appointment?: Date;
  /** when the agent closes it (stage closed) */
  closed?: Date;
  urgency?: CaseUrgency;
  channel?: CaseChannel;
  inspection?: boolean;
  fault?: Fault;
}

const MIN = 60_000;
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MIN);
const STAGE_ORDER: RepairStage[] = [
  'reviewing',
  'awaiting_dispatch',
  'dispatched',
  'accepted',
  'on_site',
  'in_progress',
  'awaiting_acceptance',
  'completed',
  'closed',
];
const reached = (plan: RepairPlan, stage: RepairStage) => {
  const fieldStage = (
    {
      waiting_parts: 'in_progress',
      awaiting_quote_consent: 'on_site',
      escalated: 'on_site',
      inspection: 'awaiting_acceptance',
      cancelled: 'awaiting_dispatch',
      out_of_scope: 'reviewing',
    } as Partial<Record<RepairStage, RepairStage>>
  )[plan.stage] ?? plan.stage;
  return STAGE_ORDER.indexOf(fieldStage) >= STAGE_ORDER.indexOf(stage);
};

const OVERRIDE_REASONS = [
  '客户指定该师傅上门，上次维修很满意',
  '首选师傅当天行程已满，由熟悉该型号的师傅接手',
  '该师傅正在附近作业，可顺路上门',
];
const CLOSE_NOTES = ['已电话回访客户，设备使用正常', '已告知客户维修结果及保修期', '客户确认修好，工单关闭'];

/** A repair case played up to its stage by the people who would do each step. */
function repairStory(w: DemoCaseWorld, plan: RepairPlan): DemoStory {
  const fault = plan.fault ?? (plan.stage === 'out_of_scope' ? OUT_OF_SCOPE : faultFor(w, plan.unit.model));
  const state = { caseId: '' };
  const beats: DemoStory = [];
  const step = (at: Date, run: (at: Date) => Promise<unknown>) => beats.push({ at, run });
  type Body = Record<string, unknown> | (() => Record<string, unknown>);
  const act = (who: DemoUser, body: Body) => async (at: Date) => {
    const ctx = w.as(who, at);
    const version = await repo.caseVersion(ctx.db, state.caseId);
    const fields = typeof body === 'function' ? body() : body;
    return runRepairAction(ctx, state.caseId, { version, ...fields } as RepairActionRequest);
  };
  const urgent = plan.urgency === 'high';

  step(plan.opened, async (at) => {
    const opened = await openCase(w.as(plan.owner, at), {
      type: 'repair',
      channel: plan.channel ?? 'phone',
      customerId: plan.unit.customer_id,
      contactId: plan.unit.contactId,
      unitId: plan.unit.unit_id,
      title: fault.title,
      description: fault.description,
      faultStartedOn: addDays(localDateOf(at, w.calendar), -w.random.int(0, 3)),
      urgency: plan.urgency ?? 'medium',
      severity: urgent ? 'important' : 'general',
      onSiteRequired: true,
    } satisfies OpenCaseRequest);
    state.caseId = opened.case.id;
    w.counts.demo_repairs = (w.counts.demo_repairs ?? 0) + 1;
  });
  if (plan.stage === 'reviewing') return beats;

  const reviewed = plus(plan.opened, urgent ? 12 : w.random.int(20, 90));
  if (plan.stage === 'out_of_scope') {
    step(reviewed, act(plan.owner, { action: 'decline_scope', note: '新增灯位和线路改造属于安装业务，不在售后维修范围；已转销售部安排报价和安装' }));
    return beats;
  }
  step(
    reviewed,
    act(plan.owner, {
      action: 'review',
      note: '已与客户核对地址、型号和序列号',
      data: { dataVerified: true, onSite: true, ...(plan.inspection ? { inspectionRequired: true } : {}) },
    }),
  );
  if (plan.stage === 'cancelled') {
    const at = plus(reviewed, w.random.int(60, 180));
    step(at, act(plan.owner, { action: 'cancel', note: '客户来电说明自行复位后恢复正常，要求取消上门' }));
    return beats;
  }
  if (!reached(plan, 'dispatched')) return beats;

  const tech = plan.tech!;
  const appointment = plan.appointment!;
  const dispatched = plus(reviewed, w.random.int(15, 45));
  step(dispatched, async (at) => {
    const ctx = w.as(plan.owner, at);
    const record = await getCaseRecord(ctx, state.caseId);
    const techId = w.userId(tech);
    const ranking = await rankForCase(ctx, record, localDateOf(appointment, w.calendar), await readRepairSettings(ctx.db), {
      calendar: w.calendar,
    });
    const top = ranking[0];
    await dispatchCase(ctx, state.caseId, {
      technicianId: techId,
      window: { start: appointment.toISOString(), end: plus(appointment, 120).toISOString() },
      overrideReason: top && top.technicianId !== techId ? w.random.pick(OVERRIDE_REASONS) : undefined,
      version: record.version,
      note: `已与客户约定上门时间`,
    });
  });
  if (!reached(plan, 'accepted')) return beats;
  const accepted = plus(dispatched, w.random.int(10, 40));
  step(accepted, act(tech, { action: 'accept' }));
  if (!reached(plan, 'on_site')) return beats;

  const departed = plus(appointment, -35);
  const arrived = plus(appointment, w.random.int(-10, 15));
  step(departed, act(tech, { action: 'start_travel' }));
  step(
    arrived,
    act(tech, {
      action: 'check_in',
      data:
        plan.unit.latitude !== null && plan.unit.longitude !== null
          ? { latitude: Number(plan.unit.latitude) + 0.0003, longitude: Number(plan.unit.longitude) - 0.0002 }
          : {},
    }),
  );
  if (plan.stage === 'escalated') {
    const at = plus(arrived, 40);
    step(at, act(tech, { action: 'start_work' }));
    const esc = plus(at, 35);
    step(
      esc,
      act(tech, {
        action: 'escalate',
        note: '现场无法修复：故障需工厂专用设备检测，车载库也无对应备件，申请主管协调返厂或派高级工程师',
      }),
    );
    return beats;
  }
  if (plan.stage === 'on_site') return beats;

  const started = plus(arrived, 8);
  step(started, act(tech, { action: 'start_work' }));
  const recorded = plus(started, w.random.int(30, 60));
  step(
    recorded,
    act(tech, {
      action: 'record_work',
      data: {
        diagnosis: fault.diagnosis,
        ...(plan.stage === 'waiting_parts' || plan.stage === 'awaiting_quote_consent' ? {} : { workDone: fault.workDone }),
        toolsUsed: fault.tools ?? [],
        labourMinutes: Math.round((recorded.getTime() - started.getTime()) / MIN),
      },
    }),
  );
  if (plan.stage === 'awaiting_quote_consent') {
    const at = plus(recorded, 10);
    step(
      at,
      act(tech, {
        action: 'quote',
        note: '设备已过保修期，按收费标准报价，客户需与家人商量后答复',
        data: {
          lines: [
            { kind: 'labour', description: '上门检测维修工时费', amountFen: 8_000 },
            { kind: 'parts', description: fault.part ? SPARE_PARTS.find((p) => p.code === fault.part)!.name : '配件', amountFen: 12_000 },
            { kind: 'travel', description: '上门交通费', amountFen: 3_000 },
          ],
        },
      }),
    );
    return beats;
  }
  if (plan.stage === 'waiting_parts') {
    const at = plus(recorded, 15);
    step(at, async (when) => {
      const ctx = w.as(plan.owner, when);
      const version = await repo.caseVersion(ctx.db, state.caseId);
      return pauseCase(ctx, state.caseId, { reason: 'parts', version, note: '所需配件车载库和中心仓均暂无库存，已向常州工厂调货，预计3天到货' });
    });
    return beats;
  }
  let last = recorded;
  if (fault.part) {
    const used = plus(recorded, 5);
    last = used;
    step(
      used,
      act(tech, () => ({
        action: 'use_parts',
        data: { lines: [{ partId: w.parts.get(fault.part!)!, locationId: w.vans.get(tech)!, quantity: 1 }] },
      })),
    );
  }
  if (plan.stage === 'in_progress') return beats;

  const checked = plus(last, w.random.int(15, 30));
  step(checked, act(tech, { action: 'self_check', data: { result: fault.workDone, usageAdvice: fault.advice } }));
  const asked = plus(checked, 3);
  step(asked, act(tech, { action: 'request_acceptance' }));
  if (plan.stage === 'awaiting_acceptance') return beats;

  const signed = plus(asked, 6);
  step(
    signed,
    act(tech, () => ({
      action: 'customer_accept',
      data: { signerName: plan.unit.contactName ?? plan.unit.customer_name, signature: signatureDataUrl(w.random), comment: '师傅很专业，服务态度好' },
    })),
  );
  if (plan.stage === 'inspection') return beats;
  if (plan.inspection) {
    const inspected = plus(signed, 22 * 60);
    step(inspected, act('quality', { action: 'pass_inspection', note: '抽检维修记录和现场照片，符合维修规范' }));
  }
  if (plan.stage === 'completed') return beats;

  const closed = plan.closed ?? plus(signed, 24 * 60);
  step(
    closed,
    act(plan.owner, { action: 'close', note: w.random.pick(CLOSE_NOTES), data: { customerInformed: true } }),
  );
  return beats;
}

const TECHS: Tech[] = ['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6'];

const repairsStep: DemoCaseStep = {
  name: 'repairs',
  plan(w) {
    const stories: DemoStory[] = [];
    // rotate through each technician's trades, so his jobs are not all of one kind
    const turns = new Map<Tech, number>();
    const unitFor = (tech: Tech, openedDay: string, extra: Partial<UnitFilter> = {}) => {
      const trades = Object.keys(DEMO_USERS.find((u) => u.username === tech)?.skills ?? {});
      const turn = turns.get(tech) ?? 0;
      turns.set(tech, turn + 1);
      const categories = trades.length ? [trades[turn % trades.length]] : undefined;
      return w.takeUnit({ tech, boughtBefore: openedDay, categories, ...extra });
    };
    const add = (plan: Omit<RepairPlan, 'unit'> & { unit?: DemoUnit; area: Tech; filter?: Partial<UnitFilter> }) => {
      const day = localDateOf(plan.opened, w.calendar);
      stories.push(repairStory(w, { ...plan, unit: plan.unit ?? unitFor(plan.area, day, plan.filter) }));
    };
    const d = (n: number, hhmm: string) => w.at(w.workingDaysAgo(n), hhmm);
    const tomorrow = addDays(w.today, 1);
    /** a window later today when there is one, else the last of the day (the technician is running late) */
    const todaySlot = (i: number) => {
      const slots = ['09:00', '10:30', '13:30', '15:00', '16:30'].map((s) => w.at(w.today, s));
      const free = slots.filter((s) => s.getTime() > w.now.getTime() + 30 * MIN);
      return free[Math.min(i, free.length - 1)] ?? slots[slots.length - 1];
    };
    /**
     * A window that started `minutesAgo` (work under way now) — within working hours: before 08:30
     * it started the afternoon before (the job goes on today), after 18:00 it started that afternoon.
     */
    const startedToday = (minutesAgo: number) => {
      let t = w.ago(minutesAgo);
      const clock = wallClockOf(t, w.calendar.timeZone);
      const minuteOfDay = clock.hour * 60 + clock.minute;
      if (minuteOfDay < 8 * 60 + 30) t = plus(w.at(addDays(clock.date, -1), '18:00'), -minutesAgo);
      else if (minuteOfDay > 18 * 60) t = plus(w.at(clock.date, '18:00'), -minutesAgo);
      return new Date(Math.floor(t.getTime() / (30 * MIN)) * 30 * MIN);
    };

    // ── new today, not reviewed yet (待审核)
    add({ owner: 'agent1', area: 'tech1', opened: w.ago(25), stage: 'reviewing' });
    add({ owner: 'agent2', area: 'tech2', opened: w.ago(50), stage: 'reviewing', channel: 'portal' });
    add({ owner: 'agent3', area: 'tech5', opened: w.ago(8), stage: 'reviewing', urgency: 'high' });
    // opened two working days ago and nobody answered: the first reply is overdue
    add({ owner: 'agent1', area: 'tech3', opened: d(2, '16:40'), stage: 'reviewing', channel: 'email' });

    // ── reviewed, waiting for 派单 (未分配)
    add({ owner: 'agent1', area: 'tech1', opened: w.ago(95), stage: 'awaiting_dispatch' });
    add({ owner: 'agent2', area: 'tech4', opened: d(1, '15:20'), stage: 'awaiting_dispatch' });
    add({ owner: 'agent3', area: 'tech6', opened: d(1, '10:05'), stage: 'awaiting_dispatch' });
    // five working days without a technician: the resolution deadline is past
    add({ owner: 'agent1', area: 'tech2', opened: d(5, '11:15'), stage: 'awaiting_dispatch' });

    // ── dispatched with appointments today and tomorrow (已派单 / 已接单)
    add({ owner: 'agent1', area: 'tech1', opened: d(1, '09:40'), stage: 'dispatched', tech: 'tech1', appointment: todaySlot(1) });
    add({ owner: 'agent1', area: 'tech1', opened: d(1, '14:10'), stage: 'accepted', tech: 'tech1', appointment: w.at(tomorrow, '09:30') });
    add({ owner: 'agent2', area: 'tech2', opened: d(1, '11:30'), stage: 'accepted', tech: 'tech2', appointment: todaySlot(2) });
    add({ owner: 'agent3', area: 'tech3', opened: d(1, '16:00'), stage: 'dispatched', tech: 'tech3', appointment: w.at(tomorrow, '14:00') });
    add({ owner: 'agent2', area: 'tech4', opened: d(2, '10:20'), stage: 'accepted', tech: 'tech4', appointment: todaySlot(0) });
    add({ owner: 'agent3', area: 'tech5', opened: d(1, '13:45'), stage: 'dispatched', tech: 'tech5', appointment: w.at(tomorrow, '10:00') });
    add({ owner: 'agent1', area: 'tech6', opened: d(1, '08:50'), stage: 'accepted', tech: 'tech6', appointment: w.at(tomorrow, '15:30') });

    // ── on site and at work now
    add({ owner: 'agent1', area: 'tech1', opened: d(1, '10:30'), stage: 'in_progress', tech: 'tech1', appointment: startedToday(100) });
    add({ owner: 'agent2', area: 'tech2', opened: d(2, '09:15'), stage: 'on_site', tech: 'tech2', appointment: startedToday(40) });
    add({ owner: 'agent3', area: 'tech5', opened: d(3, '15:30'), stage: 'waiting_parts', tech: 'tech5', appointment: d(1, '14:00') });
    // out of warranty: a quote the customer has not agreed to yet
    add({
      owner: 'agent2',
      area: 'tech3',
      opened: d(2, '14:25'),
      stage: 'awaiting_quote_consent',
      tech: 'tech3',
      appointment: d(1, '10:00'),
      filter: { outOfWarrantyOn: w.today },
    });
    // the technician could not fix it on site and asked for help (升级)
    add({ owner: 'agent1', area: 'tech6', opened: d(3, '09:50'), stage: 'escalated', tech: 'tech6', appointment: d(2, '14:00'), urgency: 'high' });

    // ── done on site, waiting for the customer's signature / the quality check / closing
    add({ owner: 'agent3', area: 'tech4', opened: d(2, '16:10'), stage: 'awaiting_acceptance', tech: 'tech4', appointment: startedToday(150) });
    add({ owner: 'agent2', area: 'tech1', opened: d(3, '10:40'), stage: 'inspection', tech: 'tech1', appointment: d(1, '09:30'), inspection: true });
    add({ owner: 'agent1', area: 'tech2', opened: d(3, '13:20'), stage: 'completed', tech: 'tech2', appointment: d(1, '15:00') });
    add({ owner: 'agent3', area: 'tech6', opened: d(2, '08:45'), stage: 'completed', tech: 'tech6', appointment: d(1, '10:30') });

    // ── closed over the past weeks
    const closedPlans: [Agent, Tech, number, boolean][] = [
      ['agent1', 'tech1', 18, false],
      ['agent2', 'tech4', 15, false],
      ['agent3', 'tech2', 12, true],
      ['agent1', 'tech5', 9, false],
      ['agent2', 'tech3', 7, false],
      ['agent1', 'tech6', 6, false],
      ['agent3', 'tech1', 4, false],
    ];
    for (const [owner, tech, daysAgo, inspection] of closedPlans) {
      const openedAt = d(daysAgo, `${w.random.int(9, 15)}:${String(w.random.int(0, 5) * 10).padStart(2, '0')}`);
      add({
        owner,
        area: tech,
        opened: openedAt,
        stage: 'closed',
        tech,
        appointment: d(daysAgo - 1, w.random.pick(['09:30', '13:30', '15:00'])),
        closed: d(daysAgo - 2, '10:15'),
        inspection,
      });
    }

    // ── not for us: cancelled by the customer, outside our scope
    add({ owner: 'agent2', area: 'tech5', opened: d(4, '11:00'), stage: 'cancelled' });
    add({ owner: 'agent3', area: 'tech3', opened: d(6, '14:30'), stage: 'out_of_scope' });
    return stories;
  },
};

// ---------------------------------------------------------------------------------------------
// Consultations (咨询)

const CONSULTATIONS: { title: string; description: string; reply: string; resolve?: string; close?: boolean }[] = [
  {
    title: '电热水器镁棒多久换一次',
    description: '家里的电热水器用了一年半，听说要换镁棒，想问问多久换一次、上门换要不要收费。',
    reply: '您好，建议每12–18个月检查更换一次镁棒；保修期内上门检查免费，镁棒按配件价收费。',
    resolve: '已告知更换周期和收费标准，客户表示下周再约上门',
    close: true,
  },
  {
    title: '智能开关怎么连米家App',
    description: '买了你们的86型智能开关，按说明书操作一直配网失败，家里路由器是双频的。',
    reply: '您好，请在路由器中单独开启2.4G WiFi，长按开关第一键5秒至指示灯快闪后在App中添加设备。',
    resolve: '客户按指导操作后配网成功',
    close: true,
  },
  {
    title: '工程项目灯具能否提供检测报告',
    description: '我们是施工单位，验收需要筒灯和平板灯的3C证书和光生物安全检测报告，请问怎么获取？',
    reply: '您好，资料已在整理，会以邮件形式发送到您留的邮箱，请注意查收。',
  },
  {
    title: '空调移机是否影响保修',
    description: '下个月搬家，空调要移到新房子，自己找人移机的话还保修吗？',
    reply: '',
  },
];

const consultationsStep: DemoCaseStep = {
  name: 'consultations',
  plan(w) {
    const agents: Agent[] = ['agent2', 'agent1', 'agent3', 'agent1'];
    const opened = [w.at(w.workingDaysAgo(8), '10:20'), w.at(w.workingDaysAgo(3), '15:40'), w.at(w.workingDaysAgo(1), '11:10'), w.ago(35)];
    return CONSULTATIONS.map((c, i) => {
      const state = { caseId: '' };
      const owner = agents[i];
      const unit = w.takeUnit({ boughtBefore: localDateOf(opened[i], w.calendar), kind: i === 2 ? 'company' : 'person' });
      const act = (action: string, note: string) => async (at: Date) => {
        const ctx = w.as(owner, at);
        return applyCaseAction(ctx, state.caseId, { action, note, version: await repo.caseVersion(ctx.db, state.caseId) });
      };
      const beats: DemoStory = [
        {
          at: opened[i],
          run: async (at) => {
            const res = await openCase(w.as(owner, at), {
              type: 'consultation',
              channel: i === 2 ? 'email' : 'phone',
              customerId: unit.customer_id,
              contactId: unit.contactId,
              title: c.title,
              description: c.description,
            });
            state.caseId = res.case.id;
            w.counts.demo_consultations = (w.counts.demo_consultations ?? 0) + 1;
          },
        },
      ];
      if (c.reply) beats.push({ at: plus(opened[i], 25), run: act('reply', c.reply) });
      if (c.resolve) beats.push({ at: plus(opened[i], 24 * 60), run: act('resolve', c.resolve) });
      if (c.close) beats.push({ at: plus(opened[i], 48 * 60), run: act('close', '客户无其它问题') });
      return beats;
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Warranty claims (保修申请), returns (退换货) and their remedies

type ClaimStage =
  | 'applied'
  | 'reviewed'
  | 'rma_in_transit'
  | 'rma_at_factory'
  | 'repair_case'
  | 'replaced_closed'
  | 'refund_paid'
  | 'rejected_closed';

const CLAIMS: { stage: ClaimStage; owner: Agent; daysAgo: number; time: string; type?: 'warranty_claim' | 'return'; title: string; description: string; kind?: 'person' | 'company' }[] = [
  {
    stage: 'applied',
    owner: 'agent1',
    daysAgo: 0,
    time: 'now',
    title: '热水器内胆漏水申请保修',
    description: '热水器底部一直滴水，拆开外壳看是内胆焊缝渗水，买了不到两年，发票还在，申请保修。',
  },
  {
    stage: 'applied',
    owner: 'agent1',
    daysAgo: 2,
    time: '10:30',
    title: '空调压缩机异响申请三包',
    description: '空调压缩机运行时有很大的金属撞击声，今年刚买的，要求按三包处理。',
  },
  {
    stage: 'reviewed',
    owner: 'agent2',
    daysAgo: 1,
    time: '14:15',
    title: 'LED平板灯批量光衰申请保修',
    description: '去年项目上安装的平板灯有二十多盏明显变暗发黄，合同约定质保三年，申请保修处理。',
    kind: 'company',
  },
  {
    stage: 'rma_in_transit',
    owner: 'agent1',
    daysAgo: 4,
    time: '09:45',
    title: '路灯驱动反复损坏申请返厂检测',
    description: '同一批次路灯驱动三个月内坏了两次，现场修不好，申请返厂检测维修。',
    kind: 'company',
  },
  {
    stage: 'rma_at_factory',
    owner: 'agent3',
    daysAgo: 9,
    time: '15:20',
    title: '洗碗机主板故障申请返厂维修',
    description: '洗碗机开机所有指示灯乱闪，不能选程序，上门师傅判断主板故障，需要返厂。',
  },
  {
    stage: 'repair_case',
    owner: 'agent2',
    daysAgo: 1,
    time: '09:20',
    title: '燃气灶熄火保护失灵申请保修',
    description: '燃气灶火被风吹灭后还在出气，熄火保护不起作用，担心安全，申请保修上门。',
  },
  {
    stage: 'replaced_closed',
    owner: 'agent1',
    daysAgo: 14,
    time: '11:00',
    title: '空调同一故障修了两次仍不制冷，要求换货',
    description: '这台空调三个月内因为不制冷修了两次，现在又不制冷了，按三包规定要求换一台新的。',
  },
  {
    stage: 'refund_paid',
    owner: 'agent3',
    daysAgo: 11,
    time: '14:40',
    type: 'return',
    title: '到货筒灯色温与合同不符，要求退货',
    description: '合同约定4000K中性光，到货安装后发现是6500K冷白光，业主不接受，要求按合同退货退款。',
    kind: 'company',
  },
  {
    stage: 'rejected_closed',
    owner: 'agent2',
    daysAgo: 7,
    time: '10:10',
    title: '油烟机电机损坏申请免费维修',
    description: '油烟机电机不转了，希望免费维修。',
  },
];

const FACTORY = { factoryName: '华光照明电器有限公司 常州生产基地 售后维修中心', factoryAddress: '江苏省常州市武进区湖塘镇华光路8号' };

const claimsStep: DemoCaseStep = {
  name: 'warranty',
  plan(w) {
    return CLAIMS.map((c) => {
      const opened = c.time === 'now' ? w.ago(70) : w.at(w.workingDaysAgo(c.daysAgo), c.time);
      const day = localDateOf(opened, w.calendar);
      const models: Record<ClaimStage, string[] | undefined> = {
        applied: c.title.includes('热水器') ? ['HG-EWH-60', 'HG-EWH-80'] : ['HG-AC-26GW', 'HG-AC-35GW', 'HG-AC-72LW'],
        reviewed: ['HG-PL-6060', 'HG-TL-1200', 'HG-DL-1215'],
        rma_in_transit: ['HG-SL-100', 'HG-SL-150', 'HG-FL-200'],
        rma_at_factory: ['HG-DW-08', 'HG-RH-900'],
        repair_case: ['HG-GS-520', 'HG-GWH-16'],
        replaced_closed: ['HG-AC-26GW', 'HG-AC-35GW', 'HG-AC-72LW'],
        refund_paid: ['HG-DL-0712', 'HG-DL-1215'],
        rejected_closed: ['HG-RH-900', 'HG-GS-520', 'HG-DW-08'],
      };
      const rejected = c.stage === 'rejected_closed';
      const unit = w.takeUnit({
        boughtBefore: day,
        models: models[c.stage],
        kind: c.kind,
        ...(rejected ? { outOfWarrantyOn: day } : { inWarrantyOn: w.today }),
      });
      return claimStory(w, c, unit, opened);
    });
  },
};

function claimStory(w: DemoCaseWorld, c: (typeof CLAIMS)[number], unit: DemoUnit, opened: Date): DemoStory {
  const state = { caseId: '', claim: undefined as ClaimView | undefined };
  const beats: DemoStory = [];
  const step = (at: Date, run: (at: Date) => Promise<unknown>) => beats.push({ at, run });
  const claimAct = (who: DemoUser, body: Record<string, unknown>) => async (at: Date) => {
    const ctx = w.as(who, at);
    const version = await repo.caseVersion(ctx.db, state.caseId);
    state.claim = await applyClaimAction(ctx, state.caseId, { version, ...body } as ClaimActionRequest);
  };
  const rmaAct = (who: DemoUser, body: Record<string, unknown>) => async (at: Date) => {
    const rma = state.claim!.rmas[0];
    const view = await applyRmaAction(w.as(who, at), rma.id, { version: rma.version, ...body } as never);
    state.claim = { ...state.claim!, rmas: [view] };
  };
  const owner = c.owner;

  step(opened, async (at) => {
    state.claim = await openClaim(w.as(owner, at), {
      type: c.type ?? 'warranty_claim',
      channel: c.stage === 'rma_in_transit' ? 'email' : 'phone',
      customerId: unit.customer_id,
      contactId: unit.contactId,
      unitId: unit.unit_id,
      title: c.title,
      description: c.description,
      faultStartedOn: addDays(localDateOf(at, w.calendar), -w.random.int(1, 5)),
      ...(c.stage === 'applied' && c.daysAgo === 0 && unit.purchase_date
        ? { purchaseProof: { purchaseDate: unit.purchase_date, documentNumber: `FP${w.random.digits(8)}`, seller: '华光官方旗舰店' } }
        : {}),
    } as OpenClaimRequest);
    state.caseId = state.claim.case.id;
    w.counts.demo_warranty_claims = (w.counts.demo_warranty_claims ?? 0) + 1;
  });
  if (c.stage === 'applied') return beats;

  const replied = plus(opened, w.random.int(30, 120));
  step(replied, claimAct(owner, { action: 'reply', note: '您好，保修申请已收到，我们正在核对购买信息和保修期，会尽快给您答复。' }));
  const reviewed = plus(replied, 60);
  step(reviewed, claimAct(owner, { action: 'review', note: '已核对序列号和购买日期' }));
  if (c.stage === 'reviewed') return beats;

  const decided = plus(reviewed, 90);
  switch (c.stage) {
    case 'rma_in_transit':
    case 'rma_at_factory': {
      step(decided, claimAct(owner, { action: 'decide_repair', note: '现场无法修复，返厂检测维修', data: { mode: 'factory', ...FACTORY } }));
      const shipped = plus(decided, 20 * 60);
      step(
        shipped,
        rmaAct('agent1', {
          action: 'ship_to_factory',
          note: '已打包寄往常州工厂',
          data: { carrier: '顺丰速运', trackingNumber: `SF14${w.random.digits(11)}`, costFen: w.random.int(18, 46) * 100 },
        }),
      );
      if (c.stage === 'rma_at_factory') {
        const received = plus(shipped, 2 * 24 * 60);
        step(received, rmaAct('agent1', { action: 'receive_at_factory', note: '工厂已签收' }));
      }
      return beats;
    }
    case 'repair_case':
      step(decided, claimAct(owner, { action: 'decide_repair', note: '在保修期内，安排上门维修', data: { mode: 'repair_case' } }));
      return beats;
    case 'replaced_closed': {
      step(decided, claimAct('supervisor', { action: 'decide_replace', note: '三包期内同一故障维修两次仍不能正常使用，予以换货' }));
      const recorded = plus(decided, 24 * 60);
      step(recorded, async (at) => {
        const replacement = state.claim!.replacements[0];
        const product = DEMO_PRODUCTS.find((p) => p.model === unit.model)!;
        const year = w.today.slice(0, 4);
        const prefix = `HG-${product.family}-${year}-`;
        const taken = await repo.serialsStartingWith(w.tx.db, prefix);
        const next = Math.max(0, ...taken.map((s) => Number(s.slice(prefix.length)) || 0)) + 1;
        const view = await applyReplacementAction(w.as(owner, at), replacement.id, {
          action: 'record_unit',
          version: replacement.version,
          note: '新机已从上海中心仓出库',
          data: { serialNumber: `${prefix}${String(next).padStart(6, '0')}` },
        });
        state.claim = { ...state.claim!, replacements: [view] };
      });
      const inspected = plus(recorded, 3 * 60);
      step(inspected, async (at) => {
        const r = state.claim!.replacements[0];
        const view = await applyReplacementAction(w.as('quality', at), r.id, {
          action: 'inspect',
          version: r.version,
          note: '开箱检验外观、铭牌和试机均合格',
          data: { result: 'passed' },
        });
        state.claim = { ...state.claim!, replacements: [view] };
      });
      const accepted = plus(inspected, 24 * 60);
      step(accepted, async (at) => {
        const r = state.claim!.replacements[0];
        await applyReplacementAction(w.as(owner, at), r.id, {
          action: 'accept',
          version: r.version,
          note: '新机送达安装，客户验收签字',
          data: { signedBy: unit.contactName ?? unit.customer_name },
        });
      });
      break;
    }
    case 'refund_paid': {
      step(
        decided,
        claimAct('supervisor', {
          action: 'decide_refund',
          note: '到货规格与合同不符（色温），同意退货',
          data: { contractMismatch: { spec: true }, priceFen: DEMO_PRODUCTS.find((p) => p.model === unit.model)!.priceFen },
        }),
      );
      const paid = plus(decided, 2 * 24 * 60);
      step(paid, async (at) => {
        const refund = state.claim!.refunds[0];
        await applyRefundAction(w.as('finance', at), refund.id, {
          action: 'pay',
          version: refund.version,
          note: '退款已通过对公账户转出',
          data: { paymentReference: `HK${w.today.slice(0, 4)}${w.random.digits(6)}` },
        });
      });
      break;
    }
    case 'rejected_closed':
      step(
        decided,
        claimAct(owner, {
          action: 'decide_reject',
          note: '该设备已超过保修期，不能免费维修；可提供有偿维修服务',
          data: { reason: 'out_of_warranty', offerPaidRepair: true },
        }),
      );
      break;
    default:
      return beats;
  }
  const told = plus(decided, 3 * 24 * 60 + 30);
  step(told, claimAct(owner, { action: 'send_result', note: '已电话和短信告知客户处理结果' }));
  if (c.stage !== 'refund_paid') {
    const closed = plus(told, 24 * 60);
    step(closed, claimAct(owner, { action: 'close', note: '客户无异议' }));
  }
  return beats;
}

// ---------------------------------------------------------------------------------------------
// The steps (extension point) and the runner

/**
 * The demo's work, in order of planning (the beats themselves run in time order). To add demo
 * complaints or follow-ups, add a step here: plan stories with w.takeUnit / w.as / w.at and call the
 * module's services in the beats.
 */
export const DEMO_CASE_STEPS: DemoCaseStep[] = [partsStep, repairsStep, consultationsStep, claimsStep, complaintsStep];

const ACTOR_USERS: DemoUser[] = ['agent1', 'agent2', 'agent3', 'supervisor', 'quality', 'warehouse', 'finance', 'head', 'gm', ...TECHS];

/** Region codes from a leaf up to its province (the technicians' regions may be any of them). */
function regionPath(code: string | null): string[] {
  const out: string[] = [];
  let current = code ? DEMO_REGIONS.find((r) => r.code === code) : undefined;
  while (current) {
    out.push(current.code);
    current = current.parent ? DEMO_REGIONS.find((r) => r.code === current!.parent) : undefined;
  }
  return out;
}

function companyTimeOf(day: string, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return wallTimeToInstant(day, (h * 60 + m) * MIN, timeZone);
}

/**
 * Before the seed's transaction: load the company calendar once, so the services in the transaction
 * use the cached one (inside a transaction it is read from the cache but never cached; without this
 * every deadline computation reloaded ~800 calendar days).
 */
export async function prepareDemoCases(ctx: ServiceContext): Promise<void> {
  await companyCalendarOf(ctx);
}

/**
 * Make the demo cases inside the caller's transaction (`tx`: the demo seed's). Nothing when they
 * were made before. Returns what it made, by kind.
 */
export async function seedDemoCases(tx: ServiceContext, random: Random): Promise<Record<string, number>> {
  if (await repo.demoCasesSeeded(tx.db)) return {};
  const now = tx.clock.now();
  const calendar = await companyCalendarOf(tx);
  const today = localDateOf(now, calendar);

  const userRows = await repo.usersWithRoles(tx.db, ACTOR_USERS);
  const actors = new Map<string, UserActor>();
  for (const r of userRows) {
    const actor = actors.get(r.username) ?? {
      kind: 'user' as const,
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      roles: [] as Role[],
      departmentId: r.department_id,
    };
    actor.roles.push(r.role as Role);
    actors.set(r.username, actor);
  }
  if (ACTOR_USERS.some((u) => !actors.has(u))) return {};

  const unitRows = await repo.unitsInService(tx.db);
  const contacts = await repo.callerContacts(tx.db, [...new Set(unitRows.map((u) => u.customer_id))]);
  const where = await repo.defaultAddresses(tx.db);
  const pool = unitRows
    .filter((u) => contacts.has(u.customer_id))
    .map((u) => ({
      ...u,
      contactId: contacts.get(u.customer_id)!.id,
      contactName: contacts.get(u.customer_id)!.name,
      latitude: where.get(u.customer_id)?.latitude ?? null,
      longitude: where.get(u.customer_id)?.longitude ?? null,
      regionPath: regionPath(u.region_code),
      topCategory: u.category_code.split('.')[0],
    }));
  const usedCustomers = new Set<string>();

  const world: DemoCaseWorld = {
    tx,
    now,
    calendar,
    random,
    today,
    parts: new Map(),
    vans: new Map(),
    warehouses: new Map(),
    counts: {},
    as(username, at) {
      return { ...tx, clock: fixedClock(at), actor: actors.get(username)!, requestId: null };
    },
    userId: (username) => actors.get(username)!.id,
    takeUnit(filter) {
      const tech = filter.tech ? DEMO_USERS.find((u) => u.username === filter.tech) : undefined;
      const lastPurchase = addDays(filter.boughtBefore, -7);
      const fits = (u: (typeof pool)[number], strict: boolean) =>
        !usedCustomers.has(u.customer_id) &&
        u.purchase_date !== null &&
        u.purchase_date <= lastPurchase &&
        u.customer_created_at.slice(0, 10) <= lastPurchase &&
        (!filter.kind || u.customer_kind === filter.kind) &&
        (!filter.models || filter.models.includes(u.model)) &&
        (!filter.categories || filter.categories.includes(u.topCategory)) &&
        (!filter.inWarrantyOn || (u.warranty_end !== null && u.warranty_end >= filter.inWarrantyOn)) &&
        (!filter.outOfWarrantyOn || (u.warranty_end !== null && u.warranty_end < filter.outOfWarrantyOn)) &&
        (!tech ||
          ((tech.regions ?? []).some((r) => u.regionPath.includes(r)) &&
            (!strict || Object.keys(tech.skills ?? {}).includes(u.topCategory))));
      // prefer the technician's trade; fall back to his area alone, then to anyone's
      let candidates = pool.filter((u) => fits(u, true));
      if (!candidates.length) candidates = pool.filter((u) => fits(u, false));
      if (!candidates.length && filter.categories) return world.takeUnit({ ...filter, categories: undefined });
      if (!candidates.length && filter.kind) return world.takeUnit({ ...filter, kind: undefined });
      if (!candidates.length && filter.models) return world.takeUnit({ ...filter, models: undefined });
      if (!candidates.length && filter.tech) return world.takeUnit({ ...filter, tech: undefined });
      if (!candidates.length) throw new Error(`no demo unit fits ${JSON.stringify(filter)}`);
      const unit = random.pick(candidates);
      usedCustomers.add(unit.customer_id);
      return unit;
    },
    workingDaysAgo(n) {
      let day = today;
      let left = n;
      while (left > 0) {
        day = addDays(day, -1);
        if (isWorkingDay(day, calendar)) left -= 1;
      }
      return day;
    },
    at: (day, hhmm) => companyTimeOf(day, hhmm, calendar.timeZone),
    ago: (minutes) => plus(now, -minutes),
  };

  // plan every story, then play all beats in time order (a story's beats stay in their order,
  // moved a minute apart when needed, and never later than a minute before now)
  const beats: { at: number; story: number; index: number; run: (at: Date) => Promise<unknown> }[] = [];
  const stories = DEMO_CASE_STEPS.flatMap((s) => s.plan(world));
  stories.forEach((story, s) => {
    let previous = -Infinity;
    story.forEach((beat, i) => {
      let at = Math.max(beat.at.getTime(), previous + MIN);
      at = Math.min(at, now.getTime() - (story.length - i) * MIN);
      previous = at;
      beats.push({ at, story: s, index: i, run: beat.run });
    });
  });
  beats.sort((a, b) => a.at - b.at || a.story - b.story || a.index - b.index);
  for (const beat of beats) await beat.run(new Date(beat.at));

  await recordAudit(tx, {
    entity: 'demo_cases',
    entityId: 'demo',
    action: 'seed',
    after: { counts: world.counts, stories: stories.length },
  });
  return world.counts;
}
