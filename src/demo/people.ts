import { idCardCheckChar } from '../org/id-card';
import { Education, Gender } from '../org/enums';
import type { Random } from './random';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾韦覃莫'.split(
    '',
  );
const MALE_CHARS = '伟强军勇杰涛明超华建国志平东海斌刚辉鹏磊波林峰文宇浩俊鑫永庆德福贵荣昌盛'.split('');
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英华玲桂兰红梅琳燕雪婷慧琴莉萍凤洁春月翠'.split('');
const ETHNICITIES: [string, number][] = [
  ['汉族', 82],
  ['壮族', 14],
  ['瑶族', 2],
  ['苗族', 1],
  ['回族', 1],
];

export function personName(r: Random, gender: Gender): string {
  const chars = gender === Gender.MALE ? MALE_CHARS : FEMALE_CHARS;
  return r.pick(SURNAMES) + r.pick(chars) + (r.chance(0.7) ? r.pick(chars) : '');
}

export const ethnicity = (r: Random) => r.weighted(ETHNICITIES);

/** Plausible mobile numbers; ID numbers below use a fictional city's region codes. */
export function mobile(r: Random): string {
  return `1${r.pick(['38', '39', '58', '59', '87', '36', '77', '88'])}${String(r.int(0, 99999999)).padStart(8, '0')}`;
}

/** ID numbers that pass GB 11643, unique within one generator run. */
export class IdNumbers {
  private readonly used = new Set<string>();

  next(r: Random, region: string, birthDate: string, gender: Gender): string {
    for (;;) {
      const seq = r.int(0, 499) * 2 + (gender === Gender.MALE ? 1 : 0);
      const first17 = `${region}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCardCheckChar(first17);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

export type Profile = 'village' | 'community' | 'agency' | 'enterprise';

/** Age structure by where members live and work: villages skew old (seed 004: 34.3% over 60). */
const AGES: Record<Profile, [[number, number], number][]> = {
  village: [
    [[24, 35], 14],
    [[36, 45], 14],
    [[46, 59], 28],
    [[60, 69], 24],
    [[70, 88], 20],
  ],
  community: [
    [[24, 35], 22],
    [[36, 45], 18],
    [[46, 59], 25],
    [[60, 69], 20],
    [[70, 88], 15],
  ],
  agency: [
    [[24, 35], 34],
    [[36, 45], 30],
    [[46, 59], 32],
    [[60, 62], 4],
  ],
  enterprise: [
    [[22, 35], 48],
    [[36, 45], 30],
    [[46, 59], 22],
  ],
};

const EDUCATION: Record<Profile, [Education, number][]> = {
  village: [
    [Education.PRIMARY_OR_BELOW, 25],
    [Education.JUNIOR_SECONDARY, 45],
    [Education.SENIOR_SECONDARY, 20],
    [Education.JUNIOR_COLLEGE, 7],
    [Education.BACHELOR, 3],
  ],
  community: [
    [Education.PRIMARY_OR_BELOW, 8],
    [Education.JUNIOR_SECONDARY, 30],
    [Education.SENIOR_SECONDARY, 32],
    [Education.JUNIOR_COLLEGE, 18],
    [Education.BACHELOR, 12],
  ],
  agency: [
    [Education.SENIOR_SECONDARY, 5],
    [Education.JUNIOR_COLLEGE, 20],
    [Education.BACHELOR, 60],
    [Education.POSTGRADUATE, 15],
  ],
  enterprise: [
    [Education.SENIOR_SECONDARY, 20],
    [Education.JUNIOR_COLLEGE, 35],
    [Education.BACHELOR, 40],
    [Education.POSTGRADUATE, 5],
  ],
};

export const ageFor = (r: Random, p: Profile) => {
  const [min, max] = r.weighted(AGES[p]);
  return r.int(min, max);
};
export const educationFor = (r: Random, p: Profile) => r.weighted(EDUCATION[p]);
export const maleShare: Record<Profile, number> = { village: 0.8, community: 0.55, agency: 0.6, enterprise: 0.62 };
