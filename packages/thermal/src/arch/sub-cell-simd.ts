/**
 * The sub-cell correction's inner loop (sub-cell-scatter.ts) in WebAssembly SIMD: a plan row is a
 * run of doubles added, times the source's power, to a run of the accumulator. V8 does not
 * vectorise the JavaScript loop (~1.4 ns per entry at best); two doubles per f64x2 instruction
 * take it to a fraction of that. f64x2.mul and f64x2.add round each lane as the scalar operations
 * do (no fused multiply-add in WebAssembly), so the results are the JavaScript loop's bit for bit
 * (sub-cell-simd.test.ts).
 *
 * The module is a few dozen bytes, written out here rather than built by a toolchain:
 *
 *   (func (export "scatter") (param $acc i32) (param $v i32) (param $dev f64)
 *                            (param $rows i32) (param $run i32) (param $stride i32)
 *     (local $d v128) (local $i i32) (local $end i32)
 *     $d = f64x2.splat $dev
 *     while $rows != 0:
 *       $i = $acc; $end = $acc + $run * 8
 *       while $i < $end: mem[$i] = mem[$i] + mem[$v] * $d (v128); $i += 16; $v += 16
 *       $acc += $stride; $rows -= 1)
 *   (memory (export "mem") 1)
 *
 * Byte addresses; `run` (doubles per row) must be even.
 */

/** The parts of a WebAssembly.Memory used here (Node's types do not declare WebAssembly). */
export interface SimdMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

export interface ScatterSimd {
  /** The module's memory (grows; views must be re-made after `grow`). */
  readonly memory: SimdMemory;
  /** Adds dev x v[0 .. rows run) to `rows` runs of `run` doubles, `stride` bytes apart, from byte `acc`. */
  readonly scatter: (acc: number, v: number, dev: number, rows: number, run: number, stride: number) => void;
}

// biome-ignore format: one instruction per line, as annotated
const SCATTER_BODY = [
  // locals: 1 v128 ($d = 6), 2 i32 ($i = 7, $end = 8)
  0x02, 0x01, 0x7b, 0x02, 0x7f,
  0x20, 0x02, 0xfd, 0x14, 0x21, 0x06, // $d = f64x2.splat $dev
  0x02, 0x40, 0x03, 0x40, // block, loop (rows)
  0x20, 0x03, 0x45, 0x0d, 0x01, // br_if done (rows == 0)
  0x20, 0x00, 0x21, 0x07, // $i = $acc
  0x20, 0x00, 0x20, 0x04, 0x41, 0x03, 0x74, 0x6a, 0x21, 0x08, // $end = $acc + ($run << 3)
  0x02, 0x40, 0x03, 0x40, // block, loop (one row)
  0x20, 0x07, 0x20, 0x08, 0x4f, 0x0d, 0x01, // br_if row done ($i >= $end, unsigned)
  0x20, 0x07, // store address
  0x20, 0x07, 0xfd, 0x00, 0x03, 0x00, // v128.load $i
  0x20, 0x01, 0xfd, 0x00, 0x03, 0x00, // v128.load $v
  0x20, 0x06, 0xfd, 0xf2, 0x01, // f64x2.mul $d
  0xfd, 0xf0, 0x01, // f64x2.add
  0xfd, 0x0b, 0x03, 0x00, // v128.store
  0x20, 0x07, 0x41, 0x10, 0x6a, 0x21, 0x07, // $i += 16
  0x20, 0x01, 0x41, 0x10, 0x6a, 0x21, 0x01, // $v += 16
  0x0c, 0x00, 0x0b, 0x0b, // br row loop; end loop; end block
  0x20, 0x00, 0x20, 0x05, 0x6a, 0x21, 0x00, // $acc += $stride
  0x20, 0x03, 0x41, 0x01, 0x6b, 0x21, 0x03, // $rows -= 1
  0x0c, 0x00, 0x0b, 0x0b, // br rows loop; end loop; end block
  0x0b, // end func
];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

/** The module's bytes. */
export function scatterModuleBytes(): Uint8Array {
  // biome-ignore format: the header's eight bytes on one line
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x06, 0x7f, 0x7f, 0x7c, 0x7f, 0x7f, 0x7f, 0x00]), // (i32 i32 f64 i32 i32 i32) -> ()
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, 0x01]), // one memory, min 1 page
    ...section(7, [0x02, ...name('mem'), 0x02, 0x00, ...name('scatter'), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(SCATTER_BODY.length), ...SCATTER_BODY]),
  ]);
}

let compiled: object | null | undefined;

/**
 * A fresh instance (its own memory), or undefined where WebAssembly SIMD is not available; the
 * caller then runs the JavaScript loop, which gives the same bits.
 */
export function createScatterSimd(): ScatterSimd | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  if (compiled === undefined) {
    const bytes = scatterModuleBytes();
    compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  if (compiled === null) return undefined;
  const { mem, scatter } = new wasm.Instance(compiled).exports;
  if (!isMemory(mem) || typeof scatter !== 'function') return undefined;
  return { memory: mem, scatter: scatter as ScatterSimd['scatter'] };
}

function isMemory(m: unknown): m is SimdMemory {
  return (
    typeof m === 'object' &&
    m !== null &&
    'buffer' in m &&
    m.buffer instanceof ArrayBuffer &&
    'grow' in m &&
    typeof m.grow === 'function'
  );
}
