/** Builds the trainer a plan asks for on top of an uploaded group. */
import type { Params } from '../model/params';
import type { Experiment } from '../model/sampling';
import type { Group } from './group';
import { GramTrainer } from './gram';
import type { GroupPlan } from './plan';
import { sparseIndex, uploadSparse } from './sparse';
import { DenseTrainer, SparseTrainer, type Trainer } from './trainer';
import { FusedTrainer } from './webgl/fused-trainer';

export function makeTrainer(
  group: Group,
  plan: GroupPlan,
  params: Params,
  prunes: readonly number[],
  ex: Experiment,
): Trainer {
  if (plan.layout === 'gram') return new GramTrainer(group, params, prunes, ex, plan.kernels);
  if (plan.layout === 'dense') {
    return plan.kernels === 'webgl' ? FusedTrainer.dense(group, params) : new DenseTrainer(group);
  }
  const index = sparseIndex(params, prunes, ex);
  const sparse = uploadSparse(index, group.data.xAugT, params.eta);
  return plan.kernels === 'webgl'
    ? FusedTrainer.sparse(group, params, sparse, index.init)
    : new SparseTrainer(group, sparse, index.init);
}
