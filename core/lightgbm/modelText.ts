/**
 * Structural check of a LightGBM text model before the library parses it.
 * LightGBM 4.1 parses trees in an OpenMP loop whose error path calls std::terminate, and it trusts `tree_sizes`
 * offsets: a truncated or corrupted file would crash the process or read past the string. We refuse such text first.
 */
export function validateModelText(text: string): void {
  const fail = (what: string): never => {
    throw new Error(`LightGBM: model format error: ${what}`);
  };
  if (!text.startsWith('tree\n')) fail('does not start with "tree"');
  const firstTree = text.indexOf('\nTree=');
  if (firstTree < 0) fail('no trees');
  const header = text.slice(0, firstTree);
  const sizesLine = /\ntree_sizes=([0-9 ]*)\n/.exec(header);
  const start = firstTree + 1;
  const end = text.indexOf('\nend of trees', start);
  if (end < 0) fail('missing "end of trees" (the model is truncated)');
  const blocks: string[] = [];
  if (sizesLine) {
    const sizes = sizesLine[1].trim().split(' ').map(Number);
    let at = start;
    for (const size of sizes) {
      if (!Number.isInteger(size) || size <= 0 || at + size > end + 1) fail('tree_sizes do not match the trees');
      blocks.push(text.slice(at, at + size));
      at += size;
    }
  } else {
    blocks.push(...text.slice(start, end).split(/\n(?=Tree=)/));
  }
  const maxFeature = validateHeader(header, fail);
  blocks.forEach((block, i) => validateTree(block, i, maxFeature, fail));
}

/** Header lines are `key=value` up to the first blank line; the counts must agree with each other. */
function validateHeader(header: string, fail: (what: string) => never): number {
  const lines = header.split('\n');
  const fields = new Map<string, string>();
  let i = 1;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const eq = lines[i].indexOf('=');
    if (eq <= 0 || eq === lines[i].length - 1) fail(`malformed header line "${lines[i].slice(0, 40)}"`);
    fields.set(lines[i].slice(0, eq), lines[i].slice(eq + 1));
  }
  if (lines.slice(i).some((l) => l !== '')) fail('unexpected text between the header and the trees');
  const int = (key: string, min: number) => {
    const v = Number(fields.get(key));
    if (!Number.isInteger(v) || v < min) fail(`header ${key} is missing or invalid`);
    return v;
  };
  int('num_class', 1);
  int('num_tree_per_iteration', 1);
  const maxFeature = int('max_feature_idx', 0);
  if (!fields.get('objective')) fail('header objective is missing');
  const names = fields.get('feature_names')?.split(' ') ?? [];
  if (names.length !== maxFeature + 1) fail('feature_names does not match max_feature_idx');
  const infos = fields.get('feature_infos')?.split(' ');
  if (infos && infos.length !== maxFeature + 1) fail('feature_infos does not match max_feature_idx');
  return maxFeature;
}

const INTERNAL_ARRAYS = ['split_feature', 'split_gain', 'threshold', 'decision_type', 'left_child', 'right_child', 'internal_value', 'internal_weight', 'internal_count'];
const LEAF_ARRAYS = ['leaf_value', 'leaf_weight', 'leaf_count'];

function validateTree(block: string, index: number, maxFeature: number, fail: (what: string) => never): void {
  if (!block.startsWith('Tree=')) fail(`tree ${index} does not start with "Tree="`);
  const fields = new Map<string, string>();
  const lines = block.replace(/\n+$/, '').split('\n');
  for (const line of lines) {
    const eq = line.indexOf('=');
    // LightGBM reads a tree's fields up to its first blank line: every line must be key=value.
    if (eq <= 0) fail(`tree ${index} has a malformed line "${line.slice(0, 40)}"`);
    fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const leaves = Number(fields.get('num_leaves'));
  if (!Number.isInteger(leaves) || leaves < 1) fail(`tree ${index} has no valid num_leaves`);
  const check = (name: string, expected: number) => {
    const raw = fields.get(name);
    if (raw === undefined) {
      if (expected > 0 && (name === 'leaf_value' || (leaves > 1 && name === 'split_feature'))) fail(`tree ${index} lacks ${name}`);
      return;
    }
    const tokens = raw.trim() === '' ? [] : raw.trim().split(' ');
    if (tokens.length !== expected) fail(`tree ${index}: ${name} has ${tokens.length} values, expected ${expected}`);
    for (const t of tokens) if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$/i.test(t)) fail(`tree ${index}: ${name} has a non-numeric value "${t}"`);
  };
  const numCat = Number(fields.get('num_cat'));
  if (!Number.isInteger(numCat) || numCat < 0) fail(`tree ${index} has no valid num_cat`);
  for (const name of INTERNAL_ARRAYS) check(name, leaves - 1);
  // A single-leaf tree stores only its value; LightGBM reads nothing else of it.
  for (const name of leaves === 1 ? ['leaf_value'] : LEAF_ARRAYS) check(name, leaves);
  if (leaves > 1) {
    for (const name of ['left_child', 'right_child', 'threshold']) if (!fields.has(name)) fail(`tree ${index} lacks ${name}`);
    const ints = (name: string) => fields.get(name)!.trim().split(' ').map(Number);
    const features = ints('split_feature');
    if (features.some((f) => !Number.isInteger(f) || f < 0 || f > maxFeature)) fail(`tree ${index}: split_feature out of range`);
    checkTreeShape(ints('left_child'), ints('right_child'), leaves, index, fail);
  }
  if (numCat > 0) {
    const bounds = fields.get('cat_boundaries');
    if (!bounds || bounds.trim().split(' ').length !== numCat + 1) fail(`tree ${index}: cat_boundaries does not match num_cat`);
    const last = Number(bounds.trim().split(' ')[numCat]);
    const cats = fields.get('cat_threshold')?.trim().split(' ') ?? [];
    if (!Number.isInteger(last) || cats.length !== last) fail(`tree ${index}: cat_threshold does not match cat_boundaries`);
  }
}

/** Children must form one binary tree: every node and leaf referenced exactly once, the root never. */
function checkTreeShape(left: number[], right: number[], leaves: number, index: number, fail: (what: string) => never): void {
  const internalSeen = new Uint8Array(leaves - 1);
  const leafSeen = new Uint8Array(leaves);
  for (const child of [...left, ...right]) {
    if (!Number.isInteger(child)) fail(`tree ${index}: child index is not an integer`);
    if (child >= 0) {
      if (child === 0 || child >= leaves - 1 || internalSeen[child]++) fail(`tree ${index}: malformed node links`);
    } else {
      const leaf = ~child;
      if (leaf >= leaves || leafSeen[leaf]++) fail(`tree ${index}: malformed leaf links`);
    }
  }
}
