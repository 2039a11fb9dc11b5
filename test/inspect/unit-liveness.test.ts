/**
 * The liveness fact a rollout reads before each batch: its parser on `systemctl show` output
 * captured on the systemd fleet (Debian 12, systemd 252: a running unit, one stopped, one that
 * failed, one that does not exist), and on a host without systemd.
 */
import fs from 'node:fs';
import path from 'node:path';
import { livenessCommand, serviceDown } from '../../src/inspect/unit-liveness.js';
import { repo } from '../support/fleet.js';

const captured = fs.readFileSync(path.join(repo, 'test/fixtures/facts/systemctl-show-liveness-debian12.txt'), 'utf8');

describe('serviceDown', () => {
  it.each([
    ['a running unit is up', 'a', undefined],
    ['a unit given with its suffix', 'a.service', undefined],
    ['a stopped unit', 'c', 'c.service is inactive (dead)'],
    ['a failed unit', 'crashes', 'crashes.service is failed (failed)'],
    ['a unit that does not exist', 'nothere', 'no unit nothere.service'],
  ])('%s', (_what, unit, expected) => {
    expect(serviceDown(captured, unit)).toBe(expected);
  });

  it.each([
    ['restarting (activating, no main process yet)', 'Id=a.service\nLoadState=loaded\nActiveState=activating\nSubState=auto-restart\nMainPID=0\n', 'a.service is activating (auto-restart)'],
    ['active but without a process', 'Id=a.service\nLoadState=loaded\nActiveState=active\nSubState=exited\nMainPID=0\n', 'a.service is active (exited)'],
    ['reloading keeps serving', 'Id=a.service\nLoadState=loaded\nActiveState=reloading\nSubState=reload\nMainPID=12\n', undefined],
    ['no systemd on the host', 'System has not been booted with systemd as init system (PID 1). Can\'t operate.\nFailed to connect to bus: Host is down\n', "systemctl says nothing of a.service: System has not been booted with systemd as init system (PID 1). Can't operate."],
  ])('%s', (_what, output, expected) => {
    expect(serviceDown(output, 'a')).toBe(expected);
  });
});

describe('livenessCommand', () => {
  it('asks systemd for five properties of one unit, its name quoted', () => {
    expect(livenessCommand("it's")).toBe(`LC_ALL=C systemctl show --no-pager -p Id,LoadState,ActiveState,SubState,MainPID -- 'it'\\''s.service'`);
  });
});
