/**
 * A WebAssembly SIMD kernel that scores many int8-quantised vectors against one int8 query: the
 * integer dot product of the query with every row. Plain JavaScript cannot use SIMD, and scanning
 * float32 vectors is bound by memory bandwidth; int8 codes are a quarter of the bytes, so a scan of
 * 10,000 × 1,536 dimensions takes a few milliseconds instead of about twenty. The module is small
 * enough to be assembled here from its instructions, so there is no binary file to ship.
 */

/** Row codes, the query and the output live in one WebAssembly memory; fill `codes` and `query`, then `scan`. */
export interface Int8DotKernel {
  readonly rows: number;
  /** Bytes per row (dimensions rounded up to a multiple of ROW_ALIGN, padded with zeros). */
  readonly stride: number;
  /** rows × stride int8 codes, row after row. */
  readonly codes: Int8Array;
  /** stride int8 codes of the query. */
  readonly query: Int8Array;
  /** Computes the dot product of `query` with every row; the result is a view that the next scan overwrites. */
  scan(): Int32Array;
}

/** Rows are padded to this many bytes: the inner loop reads 32 bytes (two 16-byte lanes) per step. */
export const ROW_ALIGN = 32;

const PAGE = 65_536;
const MAX_PAGES = 65_536;

// Instruction bytes (WebAssembly core and SIMD proposals).
const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Store: 0x36,
  i32Const: 0x41,
  i32LtS: 0x48,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Shl: 0x74,
  simd: 0xfd,
} as const;
const SIMD = {
  v128Load: 0x00,
  v128Const: 0x0c,
  i32x4ExtractLane: 0x1b,
  i32x4ExtaddPairwiseI16x8S: 0x7e,
  i16x8ExtmulLowI8x16S: 0x9c,
  i16x8ExtmulHighI8x16S: 0x9d,
  i32x4Add: 0xae,
} as const;
const TYPE = { i32: 0x7f, v128: 0x7b, func: 0x60 } as const;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...Buffer.from(s, 'utf8')].map((b) => [b]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/**
 * The function `scores(codes, query, rows, stride, out)`: for each row r, out[r] = Σ codes[r][j] × query[j].
 * Products of two int8 values fit in int16; pairs of them are summed into four int32 lanes, which cannot
 * overflow below about 130,000 dimensions.
 */
function kernelBytes(): Uint8Array<ArrayBuffer> {
  const [CODES, QUERY, ROWS, STRIDE, OUT, R, J, ROW, ACC0, ACC1, A, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const get = (i: number): number[] => [OP.localGet, ...uleb(i)];
  const set = (i: number): number[] => [OP.localSet, ...uleb(i)];
  const tee = (i: number): number[] => [OP.localTee, ...uleb(i)];
  const i32 = (n: number): number[] => [OP.i32Const, ...sleb(n)];
  const simd = (op: number): number[] => [OP.simd, ...uleb(op)];
  const load = (offset: number): number[] => [...simd(SIMD.v128Load), 4, ...uleb(offset)];
  const zero = [...simd(SIMD.v128Const), ...new Array<number>(16).fill(0)];
  const lane = (l: number): number[] => [...get(ACC0), ...simd(SIMD.i32x4ExtractLane), l];
  /** acc += pairwise sums of (row[j+off..] × query[j+off..]) for 16 bytes. */
  const step = (acc: number, offset: number): number[] => [
    ...get(ROW),
    ...get(J),
    OP.i32Add,
    ...load(offset),
    ...set(A),
    ...get(QUERY),
    ...get(J),
    OP.i32Add,
    ...load(offset),
    ...set(B),
    ...get(acc),
    ...get(A),
    ...get(B),
    ...simd(SIMD.i16x8ExtmulLowI8x16S),
    ...simd(SIMD.i32x4ExtaddPairwiseI16x8S),
    ...simd(SIMD.i32x4Add),
    ...get(A),
    ...get(B),
    ...simd(SIMD.i16x8ExtmulHighI8x16S),
    ...simd(SIMD.i32x4ExtaddPairwiseI16x8S),
    ...simd(SIMD.i32x4Add),
    ...set(acc),
  ];
  const body = [
    ...get(CODES),
    ...set(ROW),
    ...i32(0),
    ...set(R),
    OP.block,
    0x40,
    OP.loop,
    0x40,
    ...get(R),
    ...get(ROWS),
    OP.i32GeS,
    OP.brIf,
    1,
    ...zero,
    ...set(ACC0),
    ...zero,
    ...set(ACC1),
    ...i32(0),
    ...set(J),
    OP.loop,
    0x40,
    ...step(ACC0, 0),
    ...step(ACC1, 16),
    ...get(J),
    ...i32(ROW_ALIGN),
    OP.i32Add,
    ...tee(J),
    ...get(STRIDE),
    OP.i32LtS,
    OP.brIf,
    0,
    OP.end,
    ...get(ACC0),
    ...get(ACC1),
    ...simd(SIMD.i32x4Add),
    ...set(ACC0),
    ...get(OUT),
    ...get(R),
    ...i32(2),
    OP.i32Shl,
    OP.i32Add,
    ...lane(0),
    ...lane(1),
    OP.i32Add,
    ...lane(2),
    ...lane(3),
    OP.i32Add,
    OP.i32Add,
    OP.i32Store,
    2,
    0,
    ...get(ROW),
    ...get(STRIDE),
    OP.i32Add,
    ...set(ROW),
    ...get(R),
    ...i32(1),
    OP.i32Add,
    ...set(R),
    OP.br,
    0,
    OP.end,
    OP.end,
    OP.end,
  ];
  const locals = vec([
    [3, TYPE.i32],
    [4, TYPE.v128],
  ]);
  const func = [...locals, ...body];
  const params = vec([[TYPE.i32], [TYPE.i32], [TYPE.i32], [TYPE.i32], [TYPE.i32]]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[TYPE.func, ...params, ...vec([])]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('scores'), 0x00, 0]])),
    ...section(10, vec([[...uleb(func.length), ...func]])),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null when this runtime has no WebAssembly SIMD. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = kernelBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** A kernel for `rows` vectors of `dims` dimensions, or undefined when SIMD is unavailable or the vectors do not fit in 4 GB. */
export function createInt8DotKernel(rows: number, dims: number): Int8DotKernel | undefined {
  const mod = kernelModule();
  if (!mod || rows < 1 || dims < 1) return undefined;
  const stride = Math.ceil(dims / ROW_ALIGN) * ROW_ALIGN;
  const queryAt = 0;
  const outAt = align16(stride);
  const codesAt = align16(outAt + rows * 4);
  const bytes = codesAt + rows * stride;
  const pages = Math.ceil(bytes / PAGE);
  if (pages > MAX_PAGES || bytes > 2 ** 31 - 1) return undefined;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(mod, { env: { memory } });
  const scores = instance.exports.scores as (
    codes: number,
    query: number,
    rows: number,
    stride: number,
    out: number,
  ) => void;
  const out = new Int32Array(memory.buffer, outAt, rows);
  return {
    rows,
    stride,
    codes: new Int8Array(memory.buffer, codesAt, rows * stride),
    query: new Int8Array(memory.buffer, queryAt, stride),
    scan: () => {
      scores(codesAt, queryAt, rows, stride, outAt);
      return out;
    },
  };
}
