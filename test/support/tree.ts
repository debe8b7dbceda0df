import type { TestApp } from './test-app';

/** Creates a unit through the public mutation and returns its id; fails the test on user errors. */
export async function createUnit(t: TestApp, input: Record<string, unknown>): Promise<string> {
  const r = await t.execute(
    `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { orgUnit { id } userErrors { field message code } } }`,
    { input },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  if (r.data.createOrgUnit.userErrors.length) throw new Error(JSON.stringify(r.data.createOrgUnit.userErrors));
  return r.data.createOrgUnit.orgUnit.id;
}

/** A small county: county → township → two stations → villages, plus a party group. */
export async function smallCounty(t: TestApp, prefix = 'T') {
  const county = await createUnit(t, {
    code: `${prefix}C`,
    name: '测试县委',
    kind: 'COUNTY_COMMITTEE',
    establishedOn: '2000-01-01',
  });
  const township = await createUnit(t, {
    code: `${prefix}C-T1`,
    name: '测试镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: county,
    establishedOn: '2000-01-01',
  });
  const stationA = await createUnit(t, {
    code: `${prefix}C-T1-S1`,
    name: '第一工作站',
    kind: 'WORK_STATION',
    parentId: township,
    establishedOn: '2015-01-01',
  });
  const stationB = await createUnit(t, {
    code: `${prefix}C-T1-S2`,
    name: '第二工作站',
    kind: 'WORK_STATION',
    parentId: township,
    establishedOn: '2015-01-01',
  });
  const village1 = await createUnit(t, {
    code: `${prefix}C-V1`,
    name: '东村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: stationA,
    establishedOn: '2000-01-01',
  });
  const village2 = await createUnit(t, {
    code: `${prefix}C-V2`,
    name: '西村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: stationA,
    establishedOn: '2000-01-01',
  });
  const village3 = await createUnit(t, {
    code: `${prefix}C-V3`,
    name: '南村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: stationB,
    establishedOn: '2000-01-01',
  });
  const group = await createUnit(t, {
    code: `${prefix}C-V1-G1`,
    name: '第一党小组',
    kind: 'PARTY_GROUP',
    parentId: village1,
    establishedOn: '2010-01-01',
  });
  return { county, township, stationA, stationB, village1, village2, village3, group };
}
