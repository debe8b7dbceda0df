import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, startServer } from '../../bench/support/server-process';
import { reportFigure } from '../support/helpers';

/**
 * Ten minutes (SOAK_MINUTES) of mixed reads and writes from six clients against the real process:
 * memory levels off, and no error appears but the ones the workflow expects.
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);

const READS = [
  `{ orgUnit(code: "JB01") { memberStats { total } children(first: 30) { nodes { name memberStats { total } children(first: 30) { nodes { name memberStats { total } } } } } } }`,
  `query($u: ID!) { node(id: $u) { ... on OrgUnit { members(first: 20, includeDescendants: true) { totalCount nodes { id name joinedOn } } } } }`,
  `query($f: Date!, $t: Date!) { orgUnit(code: "JB01") { disclosureCompliance(from: $f, to: $t) { due onTimeRate } issueStats(from: $f, to: $t) { raised resolved } } }`,
];

test(`soak: ${MINUTES} minutes of mixed reads and writes — memory levels off, only expected errors`, async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-soak-'));
  const server = await startServer({ dataDir, seed: 'demo' });
  try {
    const token = await server.login();
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const root = await graphql(
      server.url,
      token,
      `
        {
          orgUnit(code: "JB01") {
            id
            villageMatters(first: 1) {
              nodes {
                village {
                  id
                }
              }
            }
          }
        }
      `,
    );
    const county = root.body.data.orgUnit.id;
    const village = root.body.data.orgUnit.villageMatters.nodes[0].village.id;
    const issues = await graphql(
      server.url,
      token,
      `
        query ($u: ID!) {
          issueList(under: $u, first: 1) {
            nodes {
              raisedAt {
                id
              }
            }
          }
        }
      `,
      { u: county },
    );
    const issueVillage = issues.body.data.issueList.nodes[0].raisedAt.id;

    const counts = new Map<string, number>();
    const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    const samples: { t: number; rssMb: number }[] = [];
    const started = Date.now();
    const end = started + MINUTES * 60_000;
    const sampler = setInterval(() => samples.push({ t: Date.now() - started, rssMb: server.memory().rssMb }), 2000);

    const reader = async (c: number) => {
      for (let i = 0; Date.now() < end; i++) {
        const r = await graphql(server.url, token, READS[(i + c) % READS.length], { u: county, f: yearAgo, t: today });
        count(`read:${r.code}`);
      }
    };
    const writer = async (c: number) => {
      for (let i = 0; Date.now() < end; i++) {
        if ((i + c) % 2 === 0) {
          const m = await graphql(
            server.url,
            token,
            `
              mutation ($i: ProposeVillageMatterInput!) {
                proposeVillageMatter(input: $i) {
                  matter {
                    id
                  }
                  userErrors {
                    code
                  }
                }
              }
            `,
            { i: { unitId: village, title: `演练事项${c}-${i}`, category: 'OTHER', proposedOn: today } },
          );
          count(`write:${m.code}`);
          const id = m.body.data?.proposeVillageMatter?.matter?.id;
          if (id)
            count(
              `write:${
                (
                  await graphql(
                    server.url,
                    token,
                    `
                      mutation ($i: RecordMatterStepInput!) {
                        recordMatterStep(input: $i) {
                          userErrors {
                            code
                          }
                        }
                      }
                    `,
                    { i: { matterId: id, step: 'DELIBERATION', heldOn: today } },
                  )
                ).code
              }`,
            );
        } else {
          const r = await graphql(
            server.url,
            token,
            `
              mutation ($i: RaiseIssueInput!) {
                raiseIssue(input: $i) {
                  issue {
                    id
                  }
                  userErrors {
                    code
                  }
                }
              }
            `,
            { i: { title: `演练问题${c}-${i}`, category: 'OTHER', source: 'OTHER', raisedUnitId: issueVillage } },
          );
          count(`write:${r.code}`);
          const id = r.body.data?.raiseIssue?.issue?.id;
          if (id)
            count(
              `write:${
                (
                  await graphql(
                    server.url,
                    token,
                    `
                      mutation ($i: AssignIssueInput!) {
                        assignIssue(input: $i) {
                          userErrors {
                            code
                          }
                        }
                      }
                    `,
                    { i: { issueId: id, responsiblePerson: '村主任' } },
                  )
                ).code
              }`,
            );
        }
      }
    };
    await Promise.all([reader(0), reader(1), reader(2), reader(3), writer(0), writer(1)]);
    clearInterval(sampler);

    // No error but success: none of these requests can fail by the rules.
    expect([...counts.keys()].filter((k) => !k.endsWith(':OK'))).toEqual([]);
    // Memory levels off: the last fifth of the run is not above the second fifth by more than 15 %.
    const avg = (from: number, to: number) => {
      const xs = samples
        .filter((s) => s.t >= from * MINUTES * 60_000 && s.t < to * MINUTES * 60_000)
        .map((s) => s.rssMb);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const [early, late] = [avg(0.2, 0.4), avg(0.8, 1)];
    expect(late).toBeLessThan(early * 1.15);
    reportFigure(
      'soak',
      `soak ${MINUTES} min: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}; RSS ${Math.round(early)} MB (second fifth) → ${Math.round(late)} MB (last fifth), peak ${server.memory().peakMb} MB`,
    );
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
