// Types of the microembed JS/WASM runtime (src/index.js). ESM, no runtime dependencies.

/**
 * Where a model folder comes from: a folder path (Node), an http(s)/file URL (string or URL), or the files in memory.
 * The folder is microembed's (docs/model-format.md) or Model2Vec's (model.safetensors with embeddings F32/F16/I8,
 * optional weights and mapping; config.json; tokenizer.json).
 */
export type ModelSource = string | URL | ModelFiles;

/** A model folder in memory: at least config.json, model.safetensors and tokenizer.json (plus any other file config.json lists). */
export interface ModelFiles {
  'config.json': ArrayBuffer | Uint8Array;
  'model.safetensors': ArrayBuffer | Uint8Array;
  'tokenizer.json': ArrayBuffer | Uint8Array;
  [file: string]: ArrayBuffer | Uint8Array;
}

export interface LoadOptions {
  /** true: the SIMD128 kernel (fails where unsupported); false: the scalar kernel; default: SIMD when the engine has it. Same bits either way. */
  simd?: boolean;
  /** false: do not use or fill the per-process cache (default true; path and URL sources, and loadDefault). */
  cache?: boolean;
  /** loadDefault / loadBundle only: also hash the bundle's table and tokenizer tables against the sha256 recorded at pack time (a folder is always verified). */
  verify?: boolean;
}

/**
 * Loads and verifies a model folder (docs/model-format.md: sha256 and byte counts from config.json, strict
 * safetensors checks). Cached per source and kernel for the life of the process, so a serverless
 * function pays it once per container. Rejects with an Error naming the file and the problem.
 */
export function load(source: ModelSource, options?: LoadOptions): Promise<Model>;

/**
 * Loads the model this package ships (model/default.bin, built from the repository's vocab/ by
 * scripts/pack-model.mjs), cached like load. Node reads the file next to the package; browsers fetch
 * it relative to the module's URL; under the "workerd" export condition it is imported as a data module
 * and the WebAssembly modules as compiled modules (no compilation from bytes at run time).
 */
export function loadDefault(options?: LoadOptions): Promise<Model>;

/** Loads a model from a bundle's bytes (model/default.bin's format: a safetensors file of U8 tensors, one per file). Not cached. */
export function loadBundle(bytes: ArrayBuffer | Uint8Array, options?: Omit<LoadOptions, 'cache'>): Promise<Model>;

/** The files of a bundle, by name (views into bytes). Throws Error when bytes are not a microembed bundle. */
export function bundleFiles(bytes: ArrayBuffer | Uint8Array, file?: string): Record<string, Uint8Array>;

/** Forgets every cached model. */
export function clearCache(): void;

/** Whether this engine validates the SIMD128 kernel. */
export function simdSupported(): boolean;

/** Cosine similarity of two vectors, computed in float64; 0 when either is the zero vector. Throws on different lengths. */
export function similarity(a: Float32Array | number[], b: Float32Array | number[]): number;

/** Indices of the k vectors most similar (cosine) to query, best first; ties go to the lower index. */
export function topK(query: Float32Array | number[], vectors: ArrayLike<number>[], k: number): number[];

export class Model {
  /** Vector dimension D. */
  readonly dim: number;
  /** Rows of the token table V. */
  readonly vocabSize: number;
  /** Tokens pooled at most (after unknown ones are dropped). */
  readonly maxTokens: number;
  readonly pooling: 'mean' | 'weighted_mean';
  /** Which pooling kernel runs (src/pool.wat for microembed's int8 tables, src/pool-float.wat for Model2Vec's). Same bits either way. */
  readonly kernel: 'simd' | 'scalar';
  /** The folder's layout: microembed's (config.json "microembed".format_version) or Model2Vec's. */
  readonly format: 'microembed' | 'model2vec';
  /** The token table's safetensors dtype. */
  readonly dtype: 'I8' | 'F16' | 'F32' | 'F64';
  /** Whether vectors are L2-normalised (always for microembed folders; config.json "normalize" for Model2Vec's, default false). */
  readonly normalize: boolean;
  /** Model2Vec's pre-truncation: texts are cut to this many code points before tokenising (Infinity: no cut). */
  readonly maxChars: number;
  readonly tokenizer: Tokenizer;
  /** The parsed config.json. */
  readonly config: Record<string, unknown>;
  /** Bytes of WebAssembly linear memory held (table, scales, weights, scratch). */
  readonly memoryBytes: number;

  /** The embedding of text: L2-normalised (or the mean, for a Model2Vec folder with normalize false); the zero vector when no known token remains. Never throws for a string. */
  embed(text: string): Float32Array;
  /** embed into out (length dim); allocates nothing. */
  embedInto(text: string, out: Float32Array): Float32Array;
  embedBatch(texts: string[]): Float32Array[];
  /** Pools given ids (each in 0..vocabSize-1; the first maxTokens are used). */
  embedIds(ids: ArrayLike<number>): Float32Array;
  /** The ids embed(text) pools: unknown ids dropped, at most maxTokens. */
  tokenIds(text: string): number[];
  /** Cosine similarity of two texts. */
  similarity(a: string, b: string): number;
}

/** The Hugging Face pipeline of a tokenizer.json (WordPiece or Unigram; docs/tokenizer.md), identical to the Java runtime's Tokenizer. */
export class Tokenizer {
  /** tokenizer.json as UTF-8 bytes or text (fast reader), or already parsed. Throws Error naming the file. */
  constructor(json: Uint8Array | string | object, file?: string);
  /** Largest id (vocabulary or added token) + 1. */
  readonly vocabSize: number;
  /** Id of [UNK], or -1. */
  readonly unknownId: number;
  /** Writes ids into out (at most limit), dropping unknown ones when asked; returns the count. Stops reading when full. */
  encodeInto(text: string, out: Int32Array, dropUnknown?: boolean, limit?: number): number;
  /** All ids, unknown ones included, uncapped. */
  encode(text: string): number[];
  tokens(text: string): string[];
  token(id: number): string | undefined;
  id(token: string): number;
}

export interface SafetensorsTensor { dtype: string; shape: number[]; bytes: Uint8Array }
/** A strict safetensors reader; throws Error naming the file and the problem. */
export function parseSafetensors(bytes: Uint8Array, file?: string): { metadata: Record<string, unknown>; tensors: Map<string, SafetensorsTensor> };
