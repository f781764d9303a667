import { describe, expect, it } from 'vitest';
import { jsonStart, leadingEventName, nestsDeeperThan } from './json-depth.js';

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan('[{"a":[1]}]', 0, 3)).toBe(false);
    expect(nestsDeeperThan('[{"a":[[1]]}]', 0, 3)).toBe(true);
    expect(nestsDeeperThan('["[[[[[[", "{{{{"]', 0, 1)).toBe(false);
  });

  it('is not fooled by escaped quotes', () => {
    expect(nestsDeeperThan('["\\"[[[[", 1]', 0, 1)).toBe(false);
    expect(nestsDeeperThan('["\\\\", [[1]]]', 0, 2)).toBe(true);
  });

  it('starts where it is told', () => {
    expect(nestsDeeperThan('2/ns,[[1]]', 5, 2)).toBe(false);
    expect(nestsDeeperThan('2/ns,[[1]]', 5, 1)).toBe(true);
  });
});

describe('encoded packet helpers', () => {
  it('finds the JSON after type, attachments, namespace and ack id', () => {
    expect(jsonStart('2/chat/1.0.0/chat,12["e",1]')).toBe(20);
    expect(jsonStart('51-/ns,["e",{"_placeholder":true,"num":0}]')).toBe(7);
    expect(jsonStart('1/ns,')).toBe(-1);
  });

  it('reads the event name without parsing the arguments', () => {
    const packet = `2/ns,["new-\\"message\\"",${'['.repeat(1000)}`;
    expect(leadingEventName(packet, jsonStart(packet))).toBe('new-"message"');
    expect(leadingEventName('2["x', 1)).toBeUndefined();
    expect(leadingEventName('2[42]', 1)).toBeUndefined();
  });
});
