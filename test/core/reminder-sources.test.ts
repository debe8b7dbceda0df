import { decodeIntId, toGlobalId } from '../../src/graphql/global-id';
import { renderMessage } from '../../src/messages/catalogue';
import { runReminderTick } from '../../src/reminders/scheduler';
import { Role } from '../../src/auth/roles';
import { accountWith, enableModule } from '../support/helpers';
import { smallCounty } from '../support/tree';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The reminder sources of the core and the modules (README, "Reminders"): each raises its kind at
 * the unit that must act, from its policy's day on, and closes it when the work is done. The clock
 * is the tests' fixed Wednesday, 25 November 2026.
 */
jest.setTimeout(60_000);

let t: TestApp;
let w: { at: Awaited<ReturnType<typeof smallCounty>> };

const TODAY = '2026-11-25';

/** Open reminders of a kind at a unit: [due day, topic]. */
async function open(kind: string, unit: string): Promise<string[][]> {
  const rows: { due_on: string; topic: string }[] = await t.app.db.query(
    `SELECT due_on, topic FROM reminder WHERE kind = $1 AND unit_id = $2 AND closed_at IS NULL ORDER BY due_on, topic`,
    [kind, decodeIntId(unit, 'OrgUnit')],
  );
  return rows.map((r) => [r.due_on, r.topic]);
}

async function must(query: string, input: object, field: string): Promise<any> {
  const r = await t.execute(query, { i: input });
  if (r.errors?.length || r.data?.[field]?.userErrors?.length)
    throw new Error(`${field}: ${JSON.stringify(r.errors ?? r.data![field].userErrors)}`);
  return r.data![field];
}

beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  // The county and its modules from early 2025: the villages owe the disclosures of every period since.
  t.clock.set('2025-01-06');
  const at = await smallCounty(t, 'RS');
  for (const m of ['village-affairs', 'issue-lists', 'mobile-members']) await enableModule(t, at.county, m);
  t.clock.set(TODAY);
  w = { at };
});
afterAll(() => t?.close());

test('an opinion is reminded 3 days before its answer is due (15 days after it came), and closes when answered', async () => {
  const REGISTER = `mutation($i: RegisterVillageFeedbackInput!) { registerVillageFeedback(input: $i) { feedback { id } userErrors { code message } } }`;
  const near = (
    await must(
      REGISTER,
      { unitId: w.at.village1, receivedOn: '2026-11-13', channel: 'IN_PERSON', content: '村口路灯不亮' },
      'registerVillageFeedback',
    )
  ).feedback.id;
  // Received yesterday: due 9 December, not yet.
  await must(
    REGISTER,
    { unitId: w.at.village1, receivedOn: '2026-11-24', channel: 'IN_PERSON', content: '水渠堵了' },
    'registerVillageFeedback',
  );
  await runReminderTick(t.app);
  // Received 13 November: due 28 November, three days from today.
  expect(await open('FEEDBACK_REPLY_DUE', w.at.village1)).toEqual([['2026-11-28', '']]);
  await must(
    `mutation($i: ReplyToVillageFeedbackInput!) { replyToVillageFeedback(input: $i) { userErrors { code message } } }`,
    { feedbackId: near, repliedOn: TODAY, replier: '村委会', reply: '已修复' },
    'replyToVillageFeedback',
  );
  await runReminderTick(t.app);
  expect(await open('FEEDBACK_REPLY_DUE', w.at.village1)).toEqual([]);
});

test('a disclosure overdue or due within 3 days is reminded per category and period; publishing it closes that one', async () => {
  await runReminderTick(t.app);
  const finance = (await open('DISCLOSURE_DUE', w.at.village1)).filter(([, topic]) => topic.startsWith('FINANCE '));
  // October's finances were due by 10 November and are missing; November's are due 10 December: not yet.
  expect(finance).toContainEqual(['2026-11-10', 'FINANCE 2026-10-01']);
  expect(finance.every(([due]) => due <= '2026-11-28')).toBe(true);
  await must(
    `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { userErrors { code message } } }`,
    {
      unitId: w.at.village1,
      category: 'FINANCE',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      publishedOn: TODAY,
      channels: ['BOARD'],
      summary: '十月收支',
    },
    'recordVillageDisclosure',
  );
  await runReminderTick(t.app);
  const after = (await open('DISCLOSURE_DUE', w.at.village1)).map(([, topic]) => topic);
  expect(after).not.toContain('FINANCE 2026-10-01');
  // The other categories' quarters stay open until published.
  expect(after.length).toBeGreaterThan(0);
  // Not a village: a work station owes no disclosure.
  expect(await open('DISCLOSURE_DUE', w.at.stationA)).toEqual([]);
});

test('of each category only the current and the previous period come due (remindPeriods 2); older gaps are not reminded', async () => {
  await runReminderTick(t.app);
  const open_ = await open('DISCLOSURE_DUE', w.at.village1);
  const byCategory = new Map<string, string[]>();
  for (const [, topic] of open_) {
    const [category, start] = topic.split(' ');
    byCategory.set(category, [...(byCategory.get(category) ?? []), start]);
  }
  // October's finances are published (above): of the two latest periods only September's is open,
  // though every month since January 2025 was owed and never published.
  expect(byCategory.get('FINANCE')).toEqual(['2026-09-01']);
  for (const starts of byCategory.values()) expect(starts.length).toBeLessThanOrEqual(2);
  // A year of gaps is eleven reminders for the finances alone.
  expect(open_.length).toBeLessThanOrEqual(2 * byCategory.size);

  // A locality reminded of every period, then back to two: the older ones close as LAPSED, with an event.
  const { policy } = t.app.moduleServices.get('village-affairs') as { policy: { remindPeriods: number } };
  policy.remindPeriods = 24;
  await runReminderTick(t.app);
  const all = (await open('DISCLOSURE_DUE', w.at.village1)).filter(([, topic]) => topic.startsWith('FINANCE '));
  expect(all.length).toBe(11); // the year's months but October, published above
  policy.remindPeriods = 2;
  const [outcome] = await runReminderTick(t.app, ['DISCLOSURE_DUE']);
  expect(outcome.raised).toBe(0);
  expect(await open('DISCLOSURE_DUE', w.at.village1)).toEqual(open_);
  const rows: { id: number }[] = await t.app.db.query(
    `SELECT id FROM reminder WHERE kind = 'DISCLOSURE_DUE' AND unit_id = $1 AND topic = 'FINANCE 2026-01-01'`,
    [decodeIntId(w.at.village1, 'OrgUnit')],
  );
  const lapsed = await t.execute(`query($id: ID!) { node(id: $id) { ... on Reminder { closedAt closedBecause } } }`, {
    id: toGlobalId('Reminder', rows[0].id),
  });
  expect(lapsed.data!.node).toMatchObject({ closedAt: expect.anything(), closedBecause: 'LAPSED' });
  const [{ n }] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM event_outbox WHERE type = 'REMINDER_CLOSED' AND node_id = $1`,
    [toGlobalId('Reminder', rows[0].id)],
  );
  expect(n).toBe(1);
});

test('an issue is reminded from 3 days before its deadline, at the responsible unit', async () => {
  const RAISE = `mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { issue { id } userErrors { code message } } }`;
  const issue = (title: string, deadline: string) =>
    must(
      RAISE,
      {
        title,
        category: 'INFRASTRUCTURE',
        source: 'VISIT_OR_PETITION',
        raisedUnitId: w.at.village2,
        responsiblePerson: '王村主任',
        deadline,
      },
      'raiseIssue',
    );
  await issue('三天内到期', '2026-11-28');
  await issue('四天后到期', '2026-11-29');
  await runReminderTick(t.app);
  expect((await open('ISSUE_DEADLINE', w.at.village2)).map(([due]) => due)).toEqual(['2026-11-28']);
});

test('a term ending within a month is TERM_ENDING; a term already over without an election is TERM_EXPIRED', async () => {
  const POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { userErrors { code message } } }`;
  await must(
    POST,
    { unitId: w.at.village3, role: 'SECRETARY', holderName: '李书记', termStart: '2021-12-20', termEnd: '2026-12-20' },
    'createPost',
  );
  await must(
    POST,
    { unitId: w.at.village2, role: 'SECRETARY', holderName: '赵书记', termStart: '2022-01-10', termEnd: '2027-01-10' },
    'createPost',
  );
  // Elected in 2019 and never renewed: its term ended in 2024, the post still holds.
  await must(
    POST,
    { unitId: w.at.village1, role: 'SECRETARY', holderName: '钱书记', termStart: '2019-06-01', termEnd: '2024-06-01' },
    'createPost',
  );
  await runReminderTick(t.app);
  expect(await open('TERM_ENDING', w.at.village3)).toEqual([['2026-12-20', '']]);
  expect(await open('TERM_EXPIRED', w.at.village3)).toEqual([]);
  expect(await open('TERM_ENDING', w.at.village2)).toEqual([]); // ends in more than a month
  expect(await open('TERM_ENDING', w.at.village1)).toEqual([]);
  expect(await open('TERM_EXPIRED', w.at.village1)).toEqual([['2024-06-01', '']]);
  const [expired] = await t.app.db.query(
    `SELECT message FROM reminder WHERE kind = 'TERM_EXPIRED' AND unit_id = $1 AND closed_at IS NULL`,
    [decodeIntId(w.at.village1, 'OrgUnit')],
  );
  expect(renderMessage(expired.message, 'zh')).toBe(
    '东村党支部的任期已于 2024-06-01 届满，尚未记录换届，请尽快组织换届选举',
  );

  // The last day of the term is still inside it (docs/RULES.md); the day after, the election is overdue.
  t.clock.set('2026-12-20');
  await runReminderTick(t.app);
  expect(await open('TERM_ENDING', w.at.village3)).toEqual([['2026-12-20', '']]);
  t.clock.set('2026-12-21');
  await runReminderTick(t.app);
  expect(await open('TERM_ENDING', w.at.village3)).toEqual([]);
  expect(await open('TERM_EXPIRED', w.at.village3)).toEqual([['2026-12-20', '']]);
  t.clock.set(TODAY);
  await runReminderTick(t.app);
});

test('a probation falling due within 30 days is reminded to the branch, naming the member', async () => {
  const member = (
    await must(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { code message } } }`,
      {
        name: '孙晓梅',
        branchId: w.at.village1,
        category: 'RURAL',
        joinedOn: '2025-12-10',
        gender: 'FEMALE',
        birthDate: '1995-03-01',
      },
      'createMember',
    )
  ).member.id;
  await runReminderTick(t.app);
  expect(await open('PROBATION_DUE', w.at.village1)).toEqual([['2026-12-10', '']]);
  const LIST = `{ myReminders(kinds: [PROBATION_DUE], first: 10) { nodes { id message subject { id } } } }`;
  const [reminder] = (await t.execute(LIST)).data!.myReminders.nodes;
  expect(reminder.message).toMatch(/^东村党支部预备党员孙晓梅的预备期于 2026-12-10 期满，请按期讨论其转正$/);
  expect(reminder.subject).toEqual({ id: member });
  // Whoever may read the reminder may read the member's name (names are not masked: an analyst reads
  // both); a member of the branch reads neither the reminder nor the other member.
  await accountWith(t, 'rs-analyst', Role.ANALYST, w.at.county);
  const NODE = `query($id: ID!, $m: ID!) { r: node(id: $id) { ... on Reminder { message } } m: node(id: $m) { ... on Member { name } } }`;
  const analyst = await (await t.as('rs-analyst'))(NODE, { id: reminder.id, m: member });
  expect(analyst.data).toEqual({ r: { message: reminder.message }, m: { name: '孙晓梅' } });
  const other = (
    await must(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { code message } } }`,
      {
        name: '普通党员',
        branchId: w.at.village1,
        category: 'RURAL',
        joinedOn: '2005-01-01',
        fullMemberSince: '2006-01-01',
        gender: 'MALE',
        birthDate: '1970-01-01',
      },
      'createMember',
    )
  ).member.id;
  await accountWith(t, 'rs-member', Role.MEMBER, w.at.village1, other);
  const fellow = await (await t.as('rs-member'))(NODE, { id: reminder.id, m: member });
  expect(fellow.data).toEqual({ r: null, m: null });
});

test('a mobile member not reached for 3 months is reminded to the home branch until a contact reaches them', async () => {
  const away = async (name: string, leftOn: string) => {
    const member = (
      await must(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { code message } } }`,
        {
          name,
          branchId: w.at.village2,
          category: 'RURAL',
          joinedOn: '2005-01-01',
          fullMemberSince: '2006-01-01',
          gender: 'MALE',
          birthDate: '1980-01-01',
        },
        'createMember',
      )
    ).member.id;
    // Recorded on the day the member left (a later entry would change a closed month's figures).
    t.clock.set(leftOn);
    const record = (
      await must(
        `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id } userErrors { code message } } }`,
        { memberId: member, leftOn, province: '广东省', kind: 'CERTIFICATE_LETTER', reason: 'MIGRANT_WORK' },
        'recordMemberAway',
      )
    ).record.id as string;
    t.clock.set(TODAY);
    return record;
  };
  const long = await away('外出党员甲', '2026-08-01'); // three months ended 1 November
  await away('外出党员乙', '2026-09-01'); // three months end 1 December: not yet
  await runReminderTick(t.app);
  expect(await open('MEMBER_CONTACT_OVERDUE', w.at.village2)).toEqual([['2026-11-01', '']]);
  await must(
    `mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { userErrors { code message } } }`,
    { recordId: long, contactedOn: TODAY, channel: 'PHONE', reached: true },
    'logMobileContact',
  );
  await runReminderTick(t.app);
  expect(await open('MEMBER_CONTACT_OVERDUE', w.at.village2)).toEqual([]);
});
