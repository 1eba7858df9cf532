/**
 * The theory panel's formulas (MODEL.md "Quantities from the analysis")
 * against values worked out by hand at the default setting, where
 * sigmaP * sqrt(d) = 4 makes SNR(prune) = 0.2 / sqrt(1 - prune).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PARAMS, type Params } from '../../src/model/params';
import {
  competitionIndex,
  expectedSignalNeurons,
  noSignalNeuronChance,
  snr,
  theoryCurve,
} from '../../src/model/theory';

const P: Params = { ...DEFAULT_PARAMS }; // d 2000, n 60, m 40, mu 0.8, sigmaP 4/sqrt(2000), q 3

function close(actual: number, expected: number, rel = 1e-12): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)),
    `${actual} is not ${expected}`,
  );
}

test('SNR = mu / (sigmaP sqrt((1 - prune) d)): 0.2 dense, doubles when 3/4 are pruned', () => {
  close(snr(P, 0), 0.2); // 0.8 / 4
  close(snr(P, 0.75), 0.4); // 0.8 / (4 * 0.5)
  close(snr(P, 0.96), 1); // 0.8 / (4 * 0.2)
  close(snr({ ...P, mu: 2, sigmaP: 0.5, d: 100 }, 0.84), 1); // 2 / (0.5 * sqrt(16))
});

test('competition index n SNR^q', () => {
  close(competitionIndex(P, 0), 60 * 0.008); // 0.48
  close(competitionIndex(P, 0.75), 60 * 0.064); // 3.84
  close(competitionIndex(P, 0.96), 60);
  close(competitionIndex({ ...P, q: 1 }, 0.75), 24);
  close(competitionIndex({ ...P, q: 2, n: 10 }, 0), 0.4);
});

test('expected signal-seeing neurons per class m (1 - prune) for s = 1, m (1 - prune^s) in general', () => {
  close(expectedSignalNeurons(P, 0), 40);
  close(expectedSignalNeurons(P, 0.9), 4);
  close(expectedSignalNeurons(P, 0.98), 0.8);
  close(expectedSignalNeurons({ ...P, s: 2 }, 0.9), 40 * (1 - 0.81)); // 7.6
});

test('chance that a class has no signal-seeing neuron: prune^(s m)', () => {
  close(noSignalNeuronChance({ m: 3, s: 1 }, 0.5), 0.125);
  close(noSignalNeuronChance({ m: 3, s: 2 }, 0.5), 0.015625);
  close(noSignalNeuronChance({ m: 40, s: 1 }, 0), 0);
  close(noSignalNeuronChance({ m: 40, s: 1 }, 0.9), 0.014780882941434608, 1e-9);
  close(noSignalNeuronChance({ m: 40, s: 1 }, 0.98), 0.44570040395095073, 1e-9);
});

test('the two forces move in opposite directions with pruning', () => {
  const curve = theoryCurve(P, [0, 0.5, 0.9, 0.98]);
  assert.deepEqual(
    curve.map((c) => c.prune),
    [0, 0.5, 0.9, 0.98],
  );
  for (let i = 1; i < curve.length; i++) {
    assert.ok(curve[i].snr > curve[i - 1].snr);
    assert.ok(curve[i].competitionIndex > curve[i - 1].competitionIndex);
    assert.ok(curve[i].expectedSignalNeurons < curve[i - 1].expectedSignalNeurons);
    assert.ok(curve[i].noSignalNeuronChance > curve[i - 1].noSignalNeuronChance);
  }
  close(curve[2].competitionIndex, competitionIndex(P, 0.9));
});
