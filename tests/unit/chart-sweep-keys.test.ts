import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rateAfterKey } from '../../src/charts/sweep-chart';

const RATES = [0, 0.5, 0.9, 0.99];

test('arrow keys step through the grid rates and stop at the ends', () => {
  assert.equal(rateAfterKey(RATES, 0.5, 'ArrowRight'), 0.9);
  assert.equal(rateAfterKey(RATES, 0.5, 'ArrowUp'), 0.9);
  assert.equal(rateAfterKey(RATES, 0.5, 'ArrowLeft'), 0);
  assert.equal(rateAfterKey(RATES, 0.5, 'ArrowDown'), 0);
  assert.equal(rateAfterKey(RATES, 0.99, 'ArrowRight'), 0.99);
  assert.equal(rateAfterKey(RATES, 0, 'ArrowLeft'), 0);
});

test('Home and End jump to the first and last grid rate', () => {
  assert.equal(rateAfterKey(RATES, 0.9, 'Home'), 0);
  assert.equal(rateAfterKey(RATES, 0.5, 'End'), 0.99);
});

test('other keys and rates off the grid move nothing', () => {
  assert.equal(rateAfterKey(RATES, 0.5, 'Enter'), null);
  assert.equal(rateAfterKey(RATES, 0.5, 'a'), null);
  assert.equal(rateAfterKey(RATES, 0.7, 'ArrowRight'), null);
  assert.equal(rateAfterKey([], 0.5, 'ArrowRight'), null);
});
