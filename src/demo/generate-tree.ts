import { plusYears } from '../calendar';
import { Gender, MemberCategory, MemberStatus, OrgUnitKind as K, PostRole, Sector } from '../org/enums';
import { ageFor, educationFor, ethnicity, IdNumbers, maleShare, mobile, personName, type Profile } from './people';
import { Random } from './random';
import type { SeedSize } from './seed-context';

/**
 * A fictional city (or, for the benchmark's `province`, a province of three such cities), generated the
 * same way on every machine (fixed seed, fixed anchor date).
 */
export const ANCHOR = '2026-06-30';
const SEED = 20260630;

interface SizeProfile {
  /** Cities under a province committee; absent: one city committee at the root (demo, city). */
  cities?: number;
  counties: number;
  townships: number;
  subdistricts: number;
  stationsPerTownship: [number, number];
  villagesPerStation: [number, number];
  villageMembers: [number, number];
  otherMembers: [number, number];
  agencyBranches: number;
  enterpriseBranches: number;
  socialBranches: number;
}

const CITY: SizeProfile = {
  counties: 10,
  townships: 10,
  subdistricts: 2,
  stationsPerTownship: [3, 4],
  villagesPerStation: [3, 5],
  villageMembers: [40, 70],
  otherMembers: [24, 48],
  agencyBranches: 24,
  enterpriseBranches: 14,
  socialBranches: 5,
};

const SIZES: Record<SeedSize, SizeProfile> = {
  demo: {
    counties: 1,
    townships: 8,
    subdistricts: 2,
    stationsPerTownship: [2, 3],
    villagesPerStation: [3, 5],
    villageMembers: [12, 22],
    otherMembers: [8, 20],
    agencyBranches: 8,
    enterpriseBranches: 5,
    socialBranches: 3,
  },
  city: CITY,
  // The benchmark's province (issue 16, item 6): three cities of the `city` profile under one province committee.
  province: { ...CITY, cities: 3 },
};

/**
 * The province of the `province` size, and its cities: the first is the demo's city, the others have
 * counties of their own names.
 */
const PROVINCE = { code: 'JN', name: '中共江南省委员会', shortName: '江南省委' };
interface CityProfile {
  code: string;
  name: string;
  /** Ten county names, unique in the province. */
  counties: string[];
  /** The first four digits of its members' identity card numbers (region code less the county). */
  region: string;
}

const COUNTY_NAMES = [
  '临江县',
  '青川县',
  '南岭县',
  '白云区',
  '长河县',
  '安平县',
  '兴隆县',
  '丰源县',
  '永和县',
  '清溪县',
];
const CITIES: CityProfile[] = [
  { code: 'JB', name: '江北市', counties: COUNTY_NAMES, region: '4599' },
  {
    code: 'NH',
    name: '南湖市',
    counties: ['湖滨区', '柳溪县', '石门县', '云台县', '凤凰县', '龙泉县', '桃源县', '平山县', '乐安县', '宁远县'],
    region: '4598',
  },
  {
    code: 'XS',
    name: '西山市',
    counties: ['山城区', '金沙县', '玉屏县', '通河县', '松林县', '梅岭县', '新田县', '双峰县', '东兴县', '广安县'],
    region: '4597',
  },
];
const TOWNSHIP_NAMES = [
  '石桥镇',
  '青山镇',
  '白沙镇',
  '龙门镇',
  '新圩镇',
  '大塘镇',
  '那丽镇',
  '小董镇',
  '平吉镇',
  '陆屋镇',
  '久隆镇',
  '东场镇',
  '太平镇',
  '檀圩镇',
  '三合镇',
];
const SUBDISTRICT_NAMES = ['江南街道', '城北街道', '文峰街道', '河西街道'];
const PLACE_CHARS = '东西南北大小新上下石龙凤马江河塘岭坡山桥田湾坪寨安和福兴长丰团结'.split('');
const ORDINALS = ['一', '二', '三', '四', '五', '六'];
const AGENCIES = [
  '县委办公室',
  '县政府办公室',
  '县纪委监委机关',
  '县委组织部',
  '县财政局',
  '县教育局',
  '县卫生健康局',
  '县农业农村局',
  '县自然资源局',
  '县人力资源和社会保障局',
  '县民政局',
  '县住房和城乡建设局',
  '县交通运输局',
  '县水利局',
  '县市场监督管理局',
  '县审计局',
  '县统计局',
  '县林业局',
  '县文化广电旅游局',
  '县应急管理局',
  '县商务局',
  '县司法局',
  '县生态环境局',
  '县医疗保障局',
  '县退役军人事务局',
  '县人民医院',
];
const ENTERPRISES = [
  '县供电公司',
  '县自来水公司',
  '县农村信用合作联社',
  '县交通投资集团',
  '县城市建设投资公司',
  '绿源农业科技有限公司',
  '金穗米业有限公司',
  '江北建材有限公司',
  '华康食品有限公司',
  '宏达物流有限公司',
  '顺发电子有限公司',
  '丰收农机合作社',
  '远航纺织有限公司',
  '兴旺养殖有限公司',
  '万家超市有限公司',
  '鑫源矿业有限公司',
];
const SOCIAL = ['县个体劳动者协会', '县律师协会', '县志愿者协会', '县物流行业协会', '县餐饮行业协会', '县老年人协会'];

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: K;
  sector: Sector | null;
  parentId: number | null;
  path: string;
  depth: number;
  establishedOn: string;
  contactPhone: string | null;
  address: string | null;
}
export interface MemberRow {
  id: number;
  name: string;
  gender: Gender;
  ethnicity: string;
  birthDate: string;
  idCardNumber: string;
  phone: string | null;
  education: string;
  category: MemberCategory;
  joinedOn: string;
  fullMemberSince: string | null;
  status: MemberStatus;
  branchId: number;
  partyGroupId: number | null;
  occupation: string | null;
  volunteer: boolean;
}
export interface PostRow {
  unitId: number;
  memberId: number | null;
  holderName: string | null;
  role: PostRole;
  termStart: string;
  termEnd: string | null;
}

export interface DemoPlan {
  units: UnitRow[];
  members: MemberRow[];
  posts: PostRow[];
  /** The root: the city committee, or (size `province`) the province committee. */
  rootId: number;
  /** The (first) city committee. */
  cityId: number;
  cityIds: number[];
  /** The city committee of each county (by county id). */
  cityOfCounty: Record<number, number>;
  countyIds: number[];
  townshipIds: number[];
  stationIds: number[];
  grassrootsBranchIds: number[];
  /** A village branch to move to a sibling station, and the station, to show tree history. */
  move: { unitId: number; toStationId: number };
  /** An empty village branch, merged away: dissolved through the service. */
  dissolve: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateBetween = (r: Random, from: string, to: string) => {
  const a = Date.parse(from),
    b = Date.parse(to);
  return new Date(a + Math.floor(r.next() * (b - a))).toISOString().slice(0, 10);
};

/** `scale` multiplies the townships and subdistricts of each county (tests compare SQL counts across sizes). */
export function generateDemoPlan(size: SeedSize, scale = 1): DemoPlan {
  const s = {
    ...SIZES[size],
    townships: SIZES[size].townships * scale,
    subdistricts: SIZES[size].subdistricts * scale,
  };
  const r = new Random(SEED);
  const ids = new IdNumbers();
  const units: UnitRow[] = [];
  const members: MemberRow[] = [];
  const posts: PostRow[] = [];
  const plan = {
    rootId: 0,
    cityId: 0,
    cityIds: [] as number[],
    cityOfCounty: {} as Record<number, number>,
    countyIds: [] as number[],
    townshipIds: [] as number[],
    stationIds: [] as number[],
    grassrootsBranchIds: [] as number[],
  };

  const addUnit = (
    parent: UnitRow | null,
    code: string,
    name: string,
    kind: K,
    sector: Sector | null,
    shortName: string | null = null,
  ): UnitRow => {
    const id = units.length + 1;
    const u: UnitRow = {
      id,
      code,
      name,
      shortName,
      kind,
      sector,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      establishedOn: dateBetween(r, '1985-01-01', '2019-12-31'),
      contactPhone: kind === K.PARTY_GROUP ? null : `0777-${r.int(2000000, 6999999)}`,
      address: null,
    };
    units.push(u);
    return u;
  };

  /** Members of a branch, with the age and sex structure of where it is; returns their ids. */
  const addMembers = (
    branch: UnitRow,
    count: number,
    profile: Profile,
    category: MemberCategory,
    region: string,
  ): number[] => {
    const created: number[] = [];
    for (let i = 0; i < count; i++) {
      const gender = r.chance(maleShare[profile]) ? Gender.MALE : Gender.FEMALE;
      const age = ageFor(r, profile);
      const birthDate = dateBetween(r, `${2026 - age - 1}-07-01`, `${2026 - age}-06-30`);
      const joinAge = r.int(20, Math.max(20, Math.min(age - 1, 40)));
      let joinedOn = dateBetween(r, plusYears(birthDate, joinAge), plusYears(birthDate, joinAge + 1));
      const probationary = r.chance(0.04) && age < 45;
      if (probationary) joinedOn = dateBetween(r, '2025-08-01', ANCHOR);
      if (joinedOn > ANCHOR) joinedOn = dateBetween(r, '2024-01-01', '2025-06-30');
      const id = members.length + 1;
      members.push({
        id,
        name: personName(r, gender),
        gender,
        ethnicity: ethnicity(r),
        birthDate,
        idCardNumber: ids.next(r, region, birthDate, gender),
        phone: r.chance(0.9) ? mobile(r) : null,
        education: educationFor(r, profile),
        category: profile === 'community' && age >= 60 && r.chance(0.5) ? MemberCategory.RETIRED : category,
        joinedOn,
        fullMemberSince: probationary ? null : plusYears(joinedOn, 1),
        status: probationary ? MemberStatus.PROBATIONARY : MemberStatus.FULL,
        branchId: branch.id,
        partyGroupId: null,
        occupation: profile === 'village' ? r.pick(['务农', '务农', '个体经营', '外出务工', '村干部']) : null,
        volunteer: r.chance(0.25),
      });
      created.push(id);
    }
    return created;
  };

  /** Elected posts of a branch: secretary (a few vacant), deputy, committee members when 7 or more. */
  const addBranchPosts = (
    branch: UnitRow,
    memberIds: number[],
    termYears: number,
    termFrom: [string, string],
    renewed: boolean,
  ) => {
    const start = renewed ? dateBetween(r, '2026-07-01', '2026-11-10') : dateBetween(r, ...termFrom);
    const end = plusYears(start, termYears);
    const candidates = memberIds.filter((id) => members[id - 1].status === MemberStatus.FULL);
    const take = () => candidates.splice(r.int(0, candidates.length - 1), 1)[0];
    if (candidates.length && r.chance(0.94))
      posts.push({
        unitId: branch.id,
        memberId: take(),
        holderName: null,
        role: PostRole.SECRETARY,
        termStart: start,
        termEnd: end,
      });
    if (candidates.length > 4 && r.chance(0.5))
      posts.push({
        unitId: branch.id,
        memberId: take(),
        holderName: null,
        role: PostRole.DEPUTY_SECRETARY,
        termStart: start,
        termEnd: end,
      });
    if (memberIds.length >= 7)
      for (let i = 0; i < 3 && candidates.length; i++)
        posts.push({
          unitId: branch.id,
          memberId: take(),
          holderName: null,
          role: PostRole.COMMITTEE_MEMBER,
          termStart: start,
          termEnd: end,
        });
  };

  /** Party groups for larger branches, with members spread over them. */
  const addGroups = (branch: UnitRow, memberIds: number[], threshold: number) => {
    if (memberIds.length < threshold) return;
    const n = memberIds.length >= threshold * 2 ? 3 : 2;
    const groups = Array.from({ length: n }, (_, i) =>
      addUnit(branch, `${branch.code}-G${i + 1}`, `第${ORDINALS[i]}党小组`, K.PARTY_GROUP, branch.sector),
    );
    memberIds.forEach((id, i) => (members[id - 1].partyGroupId = groups[i % n].id));
  };

  const province = s.cities
    ? addUnit(null, PROVINCE.code, PROVINCE.name, K.PROVINCE_COMMITTEE, null, PROVINCE.shortName)
    : null;
  let move: DemoPlan['move'] | null = null;
  let dissolve = 0;

  for (let ci = 0; ci < (s.cities ?? 1); ci++) {
    const cityProfile = CITIES[ci];
    const city = addUnit(
      province,
      cityProfile.code,
      `中共${cityProfile.name}委员会`,
      K.CITY_COMMITTEE,
      null,
      `${cityProfile.name}委`,
    );
    if (ci === 0) plan.cityId = city.id;
    plan.rootId = province?.id ?? city.id;
    plan.cityIds.push(city.id);
    for (let c = 0; c < s.counties; c++) {
      const countyName = cityProfile.counties[c];
      const region = `${cityProfile.region}${pad(c + 1)}`;
      const county = addUnit(
        city,
        `${city.code}${pad(c + 1)}`,
        `中共${countyName}委员会`,
        K.COUNTY_COMMITTEE,
        null,
        `${countyName}委`,
      );
      plan.countyIds.push(county.id);
      plan.cityOfCounty[county.id] = city.id;
      county.address = `${cityProfile.name}${countyName}人民路${r.int(1, 200)}号`;

      // County agencies, institutions and enterprises; their members staff township and station posts.
      const agencyMembers: number[] = [];
      for (let i = 0; i < s.agencyBranches; i++) {
        const name = AGENCIES[i % AGENCIES.length];
        const sector = name.endsWith('医院') ? Sector.PUBLIC_INSTITUTION : Sector.GOVERNMENT_AGENCY;
        const branch = addUnit(county, `${county.code}-A${pad(i + 1)}`, `${name}党支部`, K.BRANCH, sector);
        const ms = addMembers(branch, r.int(...s.otherMembers), 'agency', MemberCategory.AGENCY_INSTITUTION, region);
        agencyMembers.push(...ms);
        addBranchPosts(branch, ms, 3, ['2023-06-01', '2025-12-31'], false);
        addGroups(branch, ms, 30);
      }
      const school = addUnit(county, `${county.code}-S01`, `${countyName}第一中学党支部`, K.BRANCH, Sector.SCHOOL);
      addBranchPosts(
        school,
        addMembers(school, r.int(...s.otherMembers), 'agency', MemberCategory.AGENCY_INSTITUTION, region),
        3,
        ['2023-06-01', '2025-12-31'],
        false,
      );
      for (let i = 0; i < s.enterpriseBranches; i++) {
        const name = ENTERPRISES[i % ENTERPRISES.length];
        const sector = name.startsWith('县') ? Sector.STATE_ENTERPRISE : Sector.NON_PUBLIC_ENTERPRISE;
        const branch = addUnit(county, `${county.code}-E${pad(i + 1)}`, `${name}党支部`, K.BRANCH, sector);
        addBranchPosts(
          branch,
          addMembers(branch, r.int(...s.otherMembers), 'enterprise', MemberCategory.ENTERPRISE_SOCIAL, region),
          3,
          ['2023-06-01', '2025-12-31'],
          false,
        );
      }
      for (let i = 0; i < s.socialBranches; i++) {
        const branch = addUnit(
          county,
          `${county.code}-O${pad(i + 1)}`,
          `${SOCIAL[i % SOCIAL.length]}党支部`,
          K.BRANCH,
          Sector.SOCIAL_ORGANISATION,
        );
        addBranchPosts(
          branch,
          addMembers(branch, r.int(5, 12), 'enterprise', MemberCategory.ENTERPRISE_SOCIAL, region),
          3,
          ['2023-06-01', '2025-12-31'],
          false,
        );
      }
      // Seed 004: mobile branches in the cities where migrant workers gather.
      const mobileBranch = addUnit(
        county,
        `${county.code}-M01`,
        `${countyName}驻广州流动党支部`,
        K.BRANCH,
        Sector.MOBILE,
      );
      mobileBranch.address = '广东省广州市白云区';
      addBranchPosts(
        mobileBranch,
        addMembers(mobileBranch, r.int(...s.otherMembers), 'enterprise', MemberCategory.RURAL, region),
        3,
        ['2023-06-01', '2025-12-31'],
        false,
      );

      const named = (list: string[], n: number, suffix: string) =>
        Array.from(
          { length: n },
          (_, i) =>
            list[i] ??
            `${PLACE_CHARS[i % PLACE_CHARS.length]}${PLACE_CHARS[(i * 7 + 3) % PLACE_CHARS.length]}${suffix}`,
        );
      const townships = [
        ...named(TOWNSHIP_NAMES, s.townships, '镇').map((n) => [n, K.TOWNSHIP_COMMITTEE] as const),
        ...named(SUBDISTRICT_NAMES, s.subdistricts, '街道').map((n) => [n, K.SUBDISTRICT_COMMITTEE] as const),
      ];
      townships.forEach(([tName, kind], t) => {
        const isTown = kind === K.TOWNSHIP_COMMITTEE;
        const township = addUnit(
          county,
          `${county.code}-T${pad(t + 1)}`,
          isTown ? `中共${tName}委员会` : `中共${tName}工作委员会`,
          kind,
          null,
          isTown ? `${tName}党委` : `${tName}党工委`,
        );
        plan.townshipIds.push(township.id);
        // The township's own agency branch: its cadres lead the committee and staff the work stations.
        const office = addUnit(
          township,
          `${township.code}-J`,
          `${tName}机关党支部`,
          K.BRANCH,
          Sector.GOVERNMENT_AGENCY,
        );
        const cadres = addMembers(office, r.int(10, 18), 'agency', MemberCategory.AGENCY_INSTITUTION, region);
        addBranchPosts(office, cadres, 3, ['2023-06-01', '2025-12-31'], false);
        const cadrePool = [...cadres];
        const cadre = () => (cadrePool.length ? cadrePool.splice(r.int(0, cadrePool.length - 1), 1)[0] : null);
        const committeeStart = r.chance(0.5)
          ? dateBetween(r, '2026-07-01', '2026-10-31')
          : dateBetween(r, '2021-06-01', '2021-09-30');
        const head = cadre();
        if (head)
          posts.push({
            unitId: township.id,
            memberId: head,
            holderName: null,
            role: PostRole.SECRETARY,
            termStart: committeeStart,
            termEnd: plusYears(committeeStart, 5),
          });
        for (let i = 0; i < 2; i++) {
          const m = cadre();
          if (m)
            posts.push({
              unitId: township.id,
              memberId: m,
              holderName: null,
              role: i === 0 ? PostRole.DEPUTY_SECRETARY : PostRole.COMMITTEE_MEMBER,
              termStart: committeeStart,
              termEnd: plusYears(committeeStart, 5),
            });
        }

        const stationCount = isTown ? r.int(...s.stationsPerTownship) : r.int(1, 2);
        const stations: UnitRow[] = [];
        for (let st = 0; st < stationCount; st++) {
          const station = addUnit(
            township,
            `${township.code}-S${st + 1}`,
            `${tName}第${ORDINALS[st]}党建工作站`,
            K.WORK_STATION,
            isTown ? Sector.RURAL : Sector.COMMUNITY,
          );
          stations.push(station);
          plan.stationIds.push(station.id);
          const stationHead = cadre();
          if (stationHead)
            posts.push({
              unitId: station.id,
              memberId: stationHead,
              holderName: null,
              role: PostRole.STATION_HEAD,
              termStart: dateBetween(r, '2023-01-01', '2025-12-31'),
              termEnd: null,
            });
          const fullTime = cadre();
          if (fullTime)
            posts.push({
              unitId: station.id,
              memberId: fullTime,
              holderName: null,
              role: PostRole.STATION_FULL_TIME_STAFF,
              termStart: dateBetween(r, '2023-01-01', '2025-12-31'),
              termEnd: null,
            });
          posts.push({
            unitId: station.id,
            memberId: null,
            holderName: personName(r, r.chance(0.5) ? Gender.MALE : Gender.FEMALE),
            role: PostRole.STATION_PART_TIME_STAFF,
            termStart: dateBetween(r, '2024-01-01', '2025-12-31'),
            termEnd: null,
          });

          const used = new Set<string>();
          for (let v = 0, n = r.int(...s.villagesPerStation); v < n; v++) {
            let place: string;
            do place = r.pick(PLACE_CHARS) + r.pick(PLACE_CHARS);
            while (used.has(place) || place[0] === place[1]);
            used.add(place);
            const name = isTown ? `${place}村党支部` : `${place}社区党支部`;
            const branch = addUnit(
              station,
              `${station.code}-V${v + 1}`,
              name,
              K.BRANCH,
              isTown ? Sector.RURAL : Sector.COMMUNITY,
              isTown ? `${place}村` : `${place}社区`,
            );
            branch.address = `${countyName}${tName}${isTown ? `${place}村` : `${place}社区`}`;
            plan.grassrootsBranchIds.push(branch.id);
            const ms = addMembers(
              branch,
              r.int(...s.villageMembers),
              isTown ? 'village' : 'community',
              isTown ? MemberCategory.RURAL : MemberCategory.COMMUNITY,
              region,
            );
            addBranchPosts(branch, ms, 5, ['2021-10-10', '2022-01-20'], r.chance(0.45));
            addGroups(branch, ms, size === 'demo' ? 18 : 64);
            // Seed 000: first secretaries dispatched from county agencies to some villages.
            if (isTown && r.chance(0.3) && agencyMembers.length) {
              const m = agencyMembers.splice(r.int(0, agencyMembers.length - 1), 1)[0];
              const start = dateBetween(r, '2024-03-01', '2025-09-30');
              posts.push({
                unitId: branch.id,
                memberId: m,
                holderName: null,
                role: PostRole.FIRST_SECRETARY,
                termStart: start,
                termEnd: plusYears(start, 2),
              });
            }
            if (r.chance(0.2)) {
              const m = ms[r.int(0, ms.length - 1)];
              if (members[m - 1].birthDate > '1986-01-01')
                posts.push({
                  unitId: branch.id,
                  memberId: m,
                  holderName: null,
                  role: PostRole.RESERVE_CADRE,
                  termStart: dateBetween(r, '2024-01-01', '2025-12-31'),
                  termEnd: null,
                });
            }
          }
        }
        // The first county's first township: one village moves between stations, one merged village is dissolved.
        if (ci === 0 && c === 0 && t === 0 && stations.length >= 2) {
          const villages = units.filter((u) => u.parentId === stations[0].id && u.kind === K.BRANCH);
          move = { unitId: villages[villages.length - 1].id, toStationId: stations[1].id };
          const merged = addUnit(
            stations[1],
            `${stations[1].code}-X1`,
            '旧寨村党支部（已合并）',
            K.BRANCH,
            Sector.RURAL,
            '旧寨村',
          );
          merged.establishedOn = '1998-03-01';
          dissolve = merged.id;
        }
      });
    }
  }
  return { units, members, posts, ...plan, move: move!, dissolve };
}
