import { describe, expect, it } from 'vitest';
import { anEvent } from '../testing/fixtures.js';
import {
  FakeClock,
  FakeInterrupt,
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

const created = anEvent({ reason: 'Created', message: 'Deploying shop 1.0.0' });
const pulled = anEvent({
  time: '2025-01-01T12:00:05.000Z',
  node: 'web',
  reason: 'Pulled',
  message: 'pulled localhost/shop-web:1',
  source: 'agent',
});
const running = anEvent({
  time: '2025-01-01T12:00:09.000Z',
  reason: 'Running',
  message: 'Instance is running',
});

describe('berth events', () => {
  it('lists events as a table: time, source, node, reason, message', async () => {
    const run = await berth(['events', 'shop-north', '--limit', '20'], {
      answer: () => jsonAnswer(200, { items: [created, pulled] }),
    });

    expect(run.code).toBe(0);
    expect(run.requests[0]?.path).toBe('/api/v1/instances/shop-north/events?limit=20');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SOURCE\s+NODE\s+REASON\s+MESSAGE$/);
    expect(lines[1]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+control-plane\s+<none>\s+Created\s+Deploying shop 1\.0\.0$/,
    );
    expect(lines[2]).toMatch(/\s+agent\s+web\s+Pulled\s+pulled localhost\/shop-web:1$/);
  });

  it('says so on stderr when there are none, and prints {items} with -o json', async () => {
    const none = await berth(['events', 'shop-north'], {
      answer: () => jsonAnswer(200, { items: [] }),
    });
    const json = await berth(['events', 'shop-north', '-o', 'json'], {
      answer: () => jsonAnswer(200, { items: [created] }),
    });

    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('No events for instance "shop-north".\n');
    expect(JSON.parse(json.stdout)).toEqual({ items: [created] });
  });

  it('follows: prints new events as they come, one JSON line each, until Ctrl+C (exit 0)', async () => {
    const interrupt = new FakeInterrupt();
    const clock = new FakeClock();
    const answers = [[created], [created, pulled], [created, pulled], [created, pulled, running]];
    let read = 0;
    const run = await berth(['events', 'shop-north', '--follow', '-o', 'json'], {
      interrupt,
      clock,
      answer: () => {
        const items = answers[Math.min(read++, answers.length - 1)];
        if (read > answers.length) interrupt.press();
        return jsonAnswer(200, { items });
      },
    });

    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([created, pulled, running]);
    expect(clock.sleeps.every((ms) => ms === 2000)).toBe(true);
    expect(interrupt.listening).toBe(false);
  });

  it('follows in table format with a header and fixed columns, and ends once the instance is gone', async () => {
    let read = 0;
    const run = await berth(['events', 'shop-north', '-f'], {
      answer: () =>
        read++ === 0 ? jsonAnswer(200, { items: [created] }) : problemAnswer(404, 'not_found'),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^TIME {18}SOURCE {10}NODE {11}REASON {11}MESSAGE\n/);
    expect(run.stdout).toMatch(/control-plane {3}<none> {9}Created {10}Deploying shop 1\.0\.0\n$/);
    expect(run.stderr).toBe('Instance "shop-north" no longer exists.\n');
  });
});
