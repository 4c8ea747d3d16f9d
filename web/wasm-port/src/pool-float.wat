;; Float32 pooling kernel for Model2Vec tables (F32, or F16/I8/F64 widened/rounded to float32 at load), in the
;; order web/wasm-port/README.md "Model2Vec folders" fixes: per dimension, in token order,
;; acc = acc + (w * e) in float32 (w = weights[id], or 1.0 without weights: 1.0 * e = e exactly), then
;; v = acc / n in float32, then (normalize) the float64 L2 norm of docs/model-format.md step 4.
;; One source, two modules, as src/pool.wat (scripts/build.mjs keeps `;; @simd` or `;; @scalar` blocks);
;; f32x4 lanes run the scalar sequence, so both give the same bits. (src/pool.wat, the int8 kernel of
;; microembed's layout, stays as it is.)
;;
;; Memory is imported and laid out by the JS loader: table f32 [rows*D] | weights f32 [V] | mapping i32 [V]
;; | ids | out. Ids come from the tokenizer (< V) and mapping values were checked (< rows) at load.
(module
  (import "env" "memory" (memory 1))

  (global $table   (mut i32) (i32.const 0))
  (global $weights (mut i32) (i32.const 0))
  (global $mapping (mut i32) (i32.const 0))
  (global $dim     (mut i32) (i32.const 0))
  (global $flags   (mut i32) (i32.const 0)) ;; 1: weights, 2: mapping, 4: normalize

  (func (export "init") (param $table i32) (param $weights i32) (param $mapping i32) (param $dim i32) (param $flags i32)
    (global.set $table (local.get $table))
    (global.set $weights (local.get $weights))
    (global.set $mapping (local.get $mapping))
    (global.set $dim (local.get $dim))
    (global.set $flags (local.get $flags)))

  ;; @simd
  (func (export "simd") (result i32) (i32.const 1))
  ;; @end
  ;; @scalar
  (func (export "simd") (result i32) (i32.const 0))
  ;; @end

  ;; Byte address of the row of token id (through mapping when there is one).
  (func $row (param $id i32) (result i32)
    (i32.add (global.get $table)
      (i32.shl
        (i32.mul
          (if (result i32) (i32.and (global.get $flags) (i32.const 2))
            (then (i32.load (i32.add (global.get $mapping) (i32.shl (local.get $id) (i32.const 2)))))
            (else (local.get $id)))
          (global.get $dim))
        (i32.const 2))))

  ;; weights[id], or 1.0 without weights.
  (func $weight (param $id i32) (result f32)
    (if (result f32) (i32.and (global.get $flags) (i32.const 1))
      (then (f32.load (i32.add (global.get $weights) (i32.shl (local.get $id) (i32.const 2)))))
      (else (f32.const 1))))

  ;; out[d] = f32(f64(v[d]) / sqrt(Σ f64(v[d])²)), the sum sequential from d = 0; zero when the sum is 0 or not finite.
  (func $normalise (param $out i32)
    (local $d i32) (local $p i32) (local $x f64) (local $s f64) (local $inv f64)
    (local.set $s (f64.const 0))
    (local.set $d (i32.const 0))
    (block $done
      (loop $sum
        (br_if $done (i32.ge_u (local.get $d) (global.get $dim)))
        (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $sum)))
    ;; s == 0, +inf or NaN (s - s is NaN then): the zero vector
    (if (i32.or (f64.eq (local.get $s) (f64.const 0)) (f64.ne (f64.sub (local.get $s) (local.get $s)) (f64.const 0)))
      (then
        (memory.fill (local.get $out) (i32.const 0) (i32.shl (global.get $dim) (i32.const 2)))
        (return)))
    (local.set $inv (f64.div (f64.const 1) (f64.sqrt (local.get $s))))
    (local.set $d (i32.const 0))
    (block $done2
      (loop $scale
        (br_if $done2 (i32.ge_u (local.get $d) (global.get $dim)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))))
        (f32.store (local.get $p)
          (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.load (local.get $p))) (local.get $inv))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $scale))))

  ;; Dimensions c..D-1 one at a time: acc = acc + w * e over the tokens, then acc / n.
  (func $tail (param $ids i32) (param $n i32) (param $out i32) (param $c i32)
    (local $i i32) (local $id i32) (local $acc f32)
    (block $dims_done
      (loop $dims
        (br_if $dims_done (i32.ge_u (local.get $c) (global.get $dim)))
        (local.set $acc (f32.const 0))
        (local.set $i (i32.const 0))
        (block $tokens_done
          (loop $tokens
            (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $acc (f32.add (local.get $acc)
              (f32.mul (call $weight (local.get $id))
                       (f32.load (i32.add (call $row (local.get $id)) (i32.shl (local.get $c) (i32.const 2)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tokens)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (f32.div (local.get $acc) (f32.convert_i32_u (local.get $n))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $dims))))

  (func (export "pool") (param $ids i32) (param $n i32) (param $out i32)
    (local $c i32)
    ;; @simd
    (local $i i32) (local $id i32) (local $r i32) (local $w v128) (local $nv v128) (local $o i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    ;; @end
    (if (i32.eqz (local.get $n))
      (then
        (memory.fill (local.get $out) (i32.const 0) (i32.shl (global.get $dim) (i32.const 2)))
        (return)))
    (local.set $c (i32.const 0))
    ;; @simd
    ;; 16 dimensions at a time, tokens in the inner loop so the four sums stay in registers
    (local.set $nv (f32x4.splat (f32.convert_i32_u (local.get $n))))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (global.get $dim)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $tokens_done
          (loop $tokens
            (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $w (f32x4.splat (call $weight (local.get $id))))
            (local.set $r (i32.add (call $row (local.get $id)) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $w) (v128.load offset=0 (local.get $r)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $w) (v128.load offset=16 (local.get $r)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $w) (v128.load offset=32 (local.get $r)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $w) (v128.load offset=48 (local.get $r)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tokens)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store offset=0 (local.get $o) (f32x4.div (local.get $a0) (local.get $nv)))
        (v128.store offset=16 (local.get $o) (f32x4.div (local.get $a1) (local.get $nv)))
        (v128.store offset=32 (local.get $o) (f32x4.div (local.get $a2) (local.get $nv)))
        (v128.store offset=48 (local.get $o) (f32x4.div (local.get $a3) (local.get $nv)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $blocks)))
    ;; @end
    (call $tail (local.get $ids) (local.get $n) (local.get $out) (local.get $c))
    (if (i32.and (global.get $flags) (i32.const 4)) (then (call $normalise (local.get $out)))))
)
