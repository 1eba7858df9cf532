/**
 * The run's parameters in the query string, by their MODEL.md names. Keys the
 * app does not own (the sweep view's `sweep*` and `phase*`, or anything else)
 * are carried through untouched.
 */
import {
  DEFAULT_PARAMS,
  PARAM_NAMES,
  isParamName,
  parseParamsLenient,
  type ParamNotice,
  type Params,
} from '../model/params';

export interface UrlParams {
  params: Params;
  notices: ParamNotice[];
}

/** Reads parameters leniently: bad values become the nearest valid ones, named in notices. */
export function readParamsFromSearch(search: string): UrlParams {
  const query = new URLSearchParams(search);
  const raw: Record<string, string> = {};
  for (const name of PARAM_NAMES) {
    // A repeated key uses its last value, like most query parsers.
    const all = query.getAll(name);
    if (all.length > 0) raw[name] = all[all.length - 1];
  }
  return parseParamsLenient(raw, DEFAULT_PARAMS);
}

/** Shortest text that reads back as the same number. */
export function formatParamValue(value: number): string {
  return String(value);
}

/**
 * A query string with every parameter written in MODEL.md order and every
 * foreign key preserved in its original order after them.
 */
export function writeParamsToSearch(params: Params, currentSearch: string): string {
  const current = new URLSearchParams(currentSearch);
  const out = new URLSearchParams();
  for (const name of PARAM_NAMES) out.set(name, formatParamValue(params[name]));
  for (const [key, value] of current) {
    if (!isParamName(key)) out.append(key, value);
  }
  return `?${out.toString()}`;
}
