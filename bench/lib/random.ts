/**
 * Deterministic pseudo-random data with Chinese text, so benchmark runs are comparable: the same
 * seed gives the same company.
 */
import type { Rng } from './world.js';

/** mulberry32 */
export function seededRandom(seed: number): Rng {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟';
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬飞鹏辉建国志文斌海燕晨阳宇浩然涵欣怡轩萱思远博';
export const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '南京', '苏州', '成都', '重庆', '武汉', '西安', '天津', '长沙', '郑州'];
export const TRADES = ['照明', '电器', '物业', '酒店', '商贸', '建设', '电子', '机电', '家居', '科技', '实业', '工程'];
export const DISTRICTS = ['南山区', '福田区', '宝安区', '龙岗区', '罗湖区', '龙华区'];
export const DEVICES = ['吸顶灯', '投光灯', '路灯控制器', '空调室外机', '热水器', '净水器', '配电箱', '智能面板', '应急照明灯', '筒灯'];
export const SYMPTOMS = ['不亮', '闪烁', '无法开机', '有异响', '漏水', '显示屏花屏', '遥控失灵', '频繁跳闸', '温度过高', '噪音大', '通电后无反应', '指示灯报警'];

/** Random choices and Chinese text from one generator. */
export function textFrom(rand: Rng) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const personName = () => pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.6 ? pick([...GIVEN]) : '');
  const companyName = () => `${pick(CITIES)}市${pick([...GIVEN])}${pick([...GIVEN])}${pick(TRADES)}有限公司`;
  const mobile = () => `1${pick(['3', '5', '8', '9'])}${digits(9)}`;
  const caseTitle = () => `${pick(DEVICES)}${pick(SYMPTOMS)}`;
  const caseDescription = (title: string) =>
    `客户来电反映${title}，已持续${1 + Math.floor(rand() * 9)}天，${pick(['影响正常营业', '家中老人不便', '多次重启无效', '雨后出现', '更换电源后依旧'])}，请尽快安排检修。`;
  return { pick, digits, personName, companyName, mobile, caseTitle, caseDescription };
}
