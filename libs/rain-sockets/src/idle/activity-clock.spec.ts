import { describe, expect, it } from 'vitest';
import { ActivityClock } from './activity-clock.js';

// The clock maps activity stamps to time from a few notes; its rules decide who is idle.
describe('ActivityClock', () => {
  it('answers the latest stamp noted at or before a time, and 0 before the first note', () => {
    const clock = new ActivityClock(10);
    clock.note(100, 5);
    clock.note(250, 9);
    clock.note(400, 20);
    expect(clock.stampAt(99)).toBe(0);
    expect(clock.stampAt(100)).toBe(5);
    expect(clock.stampAt(399)).toBe(9);
    expect(clock.stampAt(1_000)).toBe(20);
  });

  it('keeps one note per bucket, the latest, so frequent notes do not push old ones out', () => {
    const clock = new ActivityClock(100, 4);
    clock.note(0, 1);
    for (let t = 100; t < 200; t++) clock.note(t, t); // one bucket: one note, (199, 199)
    clock.note(250, 300);
    expect(clock.stampAt(150)).toBe(1); // (100..198, ...) were overwritten: 199 is after 150
    expect(clock.stampAt(199)).toBe(199);
    expect(clock.stampAt(260)).toBe(300);
  });

  it('forgets the oldest notes once the ring is full', () => {
    const clock = new ActivityClock(10, 3);
    [10, 20, 30, 40].forEach((t, i) => clock.note(t, i + 1));
    expect(clock.stampAt(15)).toBe(0); // (10, 1) is gone
    expect(clock.stampAt(25)).toBe(2);
    expect(clock.stampAt(45)).toBe(4);
  });

  it('bounds when a stamp was last used by the first note that covers it', () => {
    const clock = new ActivityClock(10);
    clock.note(100, 5);
    clock.note(200, 9);
    expect(clock.timeOf(3, -1)).toBe(100);
    expect(clock.timeOf(6, -1)).toBe(200);
    expect(clock.timeOf(10, -1)).toBe(-1);
  });

  it('never goes back in time when the system clock does', () => {
    const clock = new ActivityClock(10);
    clock.note(1_000, 5);
    clock.note(500, 8); // clock stepped back: noted as 1000
    expect(clock.stampAt(999)).toBe(0);
    expect(clock.stampAt(1_000)).toBe(8);
  });
});
