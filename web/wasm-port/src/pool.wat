;; microembed pooling kernel: gather int8 rows → sum → scale → L2-normalise, exactly as
;; docs/model-format.md "Pooling (normative, bit-exact)". One source, two modules:
;; scripts/build.mjs keeps the `;; @simd` blocks for pool-simd.wasm and the `;; @scalar` blocks for
;; pool-scalar.wasm (an engine without SIMD128 rejects a module that merely contains a SIMD opcode,
;; so the fallback must be a separate module). Both export the same functions and give the same bits:
;; integer sums are exact, and the float32 weighted sum runs the same per-lane sequence in both.
;;
;; Memory is imported: the JS loader sizes it exactly for the table and places everything:
;;   table   int8  [V*D]      scales f32 [D]     weights f32 [V] (weighted_mean only)
;;   acc     i32/f32 [D]      scratch for the scalar kernels
;; Ids come from the tokenizer, which only emits ids < V, so no load can go out of bounds.
(module
  (import "env" "memory" (memory 1))

  (global $table   (mut i32) (i32.const 0))
  (global $scales  (mut i32) (i32.const 0))
  (global $weights (mut i32) (i32.const 0))
  (global $acc     (mut i32) (i32.const 0))
  (global $dim     (mut i32) (i32.const 0))

  (func (export "init") (param $table i32) (param $scales i32) (param $weights i32) (param $acc i32) (param $dim i32)
    (global.set $table (local.get $table))
    (global.set $scales (local.get $scales))
    (global.set $weights (local.get $weights))
    (global.set $acc (local.get $acc))
    (global.set $dim (local.get $dim)))

  ;; 1 for the SIMD128 module, 0 for the scalar one (lets tests prove which one they ran).
  ;; @simd
  (func (export "simd") (result i32) (i32.const 1))
  ;; @end
  ;; @scalar
  (func (export "simd") (result i32) (i32.const 0))
  ;; @end

  ;; out[d] = f32(f64(v[d]) / sqrt(Σ f64(v[d])²)), the sum taken sequentially from d = 0.
  ;; A zero sum, or one that overflowed to +inf (a huge but finite scale), gives the (+0.0) zero vector, as the
  ;; format spec and the Java Pooler do (s - s is 0 only for a finite s).
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
    (if (i32.or (f64.eq (local.get $s) (f64.const 0))
                (f64.ne (f64.sub (local.get $s) (local.get $s)) (f64.const 0)))
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

  ;; ---------------------------------------------------------------- scalar kernels
  ;; @scalar
  ;; mean: acc[d] = Σ_i int8 table[t_i][d] as exact int32; v[d] = f32(acc[d]) * scales[d].
  (func (export "pool_mean") (param $ids i32) (param $n i32) (param $out i32)
    (local $i i32) (local $d i32) (local $row i32) (local $a i32)
    (memory.fill (global.get $acc) (i32.const 0) (i32.shl (global.get $dim) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $tokens_done
      (loop $tokens
        (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.add (global.get $table)
          (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (global.get $dim))))
        (local.set $d (i32.const 0))
        (block $dims_done
          (loop $dims
            (br_if $dims_done (i32.ge_u (local.get $d) (global.get $dim)))
            (local.set $a (i32.add (global.get $acc) (i32.shl (local.get $d) (i32.const 2))))
            (i32.store (local.get $a)
              (i32.add (i32.load (local.get $a)) (i32.load8_s (i32.add (local.get $row) (local.get $d)))))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $dims)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tokens)))
    (local.set $d (i32.const 0))
    (block $done
      (loop $scale
        (br_if $done (i32.ge_u (local.get $d) (global.get $dim)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2)))
          (f32.mul
            (f32.convert_i32_s (i32.load (i32.add (global.get $acc) (i32.shl (local.get $d) (i32.const 2)))))
            (f32.load (i32.add (global.get $scales) (i32.shl (local.get $d) (i32.const 2))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $scale)))
    (call $normalise (local.get $out)))

  ;; weighted_mean: acc[d] = acc[d] + (weights[t_i] * f32(table[t_i][d])) in float32, i in order;
  ;; v[d] = acc[d] * scales[d].
  (func (export "pool_weighted") (param $ids i32) (param $n i32) (param $out i32)
    (local $i i32) (local $d i32) (local $id i32) (local $row i32) (local $a i32) (local $w f32)
    (memory.fill (global.get $acc) (i32.const 0) (i32.shl (global.get $dim) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $tokens_done
      (loop $tokens
        (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $row (i32.add (global.get $table) (i32.mul (local.get $id) (global.get $dim))))
        (local.set $w (f32.load (i32.add (global.get $weights) (i32.shl (local.get $id) (i32.const 2)))))
        (local.set $d (i32.const 0))
        (block $dims_done
          (loop $dims
            (br_if $dims_done (i32.ge_u (local.get $d) (global.get $dim)))
            (local.set $a (i32.add (global.get $acc) (i32.shl (local.get $d) (i32.const 2))))
            (f32.store (local.get $a)
              (f32.add (f32.load (local.get $a))
                (f32.mul (local.get $w) (f32.convert_i32_s (i32.load8_s (i32.add (local.get $row) (local.get $d)))))))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $dims)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tokens)))
    (local.set $d (i32.const 0))
    (block $done
      (loop $scale
        (br_if $done (i32.ge_u (local.get $d) (global.get $dim)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2)))
          (f32.mul
            (f32.load (i32.add (global.get $acc) (i32.shl (local.get $d) (i32.const 2))))
            (f32.load (i32.add (global.get $scales) (i32.shl (local.get $d) (i32.const 2))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $scale)))
    (call $normalise (local.get $out)))
  ;; @end

  ;; ---------------------------------------------------------------- SIMD128 kernels
  ;; @simd
  ;; Dimensions in blocks of 16 (one v128 of int8 per row), tokens in the inner loop so the four
  ;; i32x4 sums stay in registers; the last D mod 16 dimensions go through $mean_tail.
  (func (export "pool_mean") (param $ids i32) (param $n i32) (param $out i32)
    (local $c i32) (local $i i32) (local $x v128) (local $h v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $o i32) (local $s i32)
    (local.set $c (i32.const 0))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (global.get $dim)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $tokens_done
          (loop $tokens
            (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $x (v128.load (i32.add (i32.add (global.get $table)
              (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (global.get $dim)))
              (local.get $c))))
            (local.set $h (i16x8.extend_low_i8x16_s (local.get $x)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.extend_low_i16x8_s (local.get $h))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.extend_high_i16x8_s (local.get $h))))
            (local.set $h (i16x8.extend_high_i8x16_s (local.get $x)))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.extend_low_i16x8_s (local.get $h))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.extend_high_i16x8_s (local.get $h))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tokens)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $s (i32.add (global.get $scales) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store offset=0 (local.get $o) (f32x4.mul (f32x4.convert_i32x4_s (local.get $a0)) (v128.load offset=0 (local.get $s))))
        (v128.store offset=16 (local.get $o) (f32x4.mul (f32x4.convert_i32x4_s (local.get $a1)) (v128.load offset=16 (local.get $s))))
        (v128.store offset=32 (local.get $o) (f32x4.mul (f32x4.convert_i32x4_s (local.get $a2)) (v128.load offset=32 (local.get $s))))
        (v128.store offset=48 (local.get $o) (f32x4.mul (f32x4.convert_i32x4_s (local.get $a3)) (v128.load offset=48 (local.get $s))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $blocks)))
    (call $mean_tail (local.get $ids) (local.get $n) (local.get $out) (local.get $c))
    (call $normalise (local.get $out)))

  ;; Dimensions c..D-1 one at a time (D not a multiple of 16).
  (func $mean_tail (param $ids i32) (param $n i32) (param $out i32) (param $c i32)
    (local $i i32) (local $sum i32)
    (block $dims_done
      (loop $dims
        (br_if $dims_done (i32.ge_u (local.get $c) (global.get $dim)))
        (local.set $sum (i32.const 0))
        (local.set $i (i32.const 0))
        (block $tokens_done
          (loop $tokens
            (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $sum (i32.add (local.get $sum) (i32.load8_s (i32.add (i32.add (global.get $table)
              (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (global.get $dim)))
              (local.get $c)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tokens)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (f32.mul (f32.convert_i32_s (local.get $sum))
                   (f32.load (i32.add (global.get $scales) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $dims))))

  (func (export "pool_weighted") (param $ids i32) (param $n i32) (param $out i32)
    (local $c i32) (local $i i32) (local $id i32) (local $x v128) (local $h v128) (local $w v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $o i32) (local $s i32)
    (local.set $c (i32.const 0))
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
            (local.set $w (f32x4.splat (f32.load (i32.add (global.get $weights) (i32.shl (local.get $id) (i32.const 2))))))
            (local.set $x (v128.load (i32.add (i32.add (global.get $table) (i32.mul (local.get $id) (global.get $dim))) (local.get $c))))
            (local.set $h (i16x8.extend_low_i8x16_s (local.get $x)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $h))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $h))))))
            (local.set $h (i16x8.extend_high_i8x16_s (local.get $x)))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $h))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $h))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tokens)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $s (i32.add (global.get $scales) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store offset=0 (local.get $o) (f32x4.mul (local.get $a0) (v128.load offset=0 (local.get $s))))
        (v128.store offset=16 (local.get $o) (f32x4.mul (local.get $a1) (v128.load offset=16 (local.get $s))))
        (v128.store offset=32 (local.get $o) (f32x4.mul (local.get $a2) (v128.load offset=32 (local.get $s))))
        (v128.store offset=48 (local.get $o) (f32x4.mul (local.get $a3) (v128.load offset=48 (local.get $s))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $blocks)))
    (call $weighted_tail (local.get $ids) (local.get $n) (local.get $out) (local.get $c))
    (call $normalise (local.get $out)))

  (func $weighted_tail (param $ids i32) (param $n i32) (param $out i32) (param $c i32)
    (local $i i32) (local $id i32) (local $sum f32)
    (block $dims_done
      (loop $dims
        (br_if $dims_done (i32.ge_u (local.get $c) (global.get $dim)))
        (local.set $sum (f32.const 0))
        (local.set $i (i32.const 0))
        (block $tokens_done
          (loop $tokens
            (br_if $tokens_done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $sum (f32.add (local.get $sum)
              (f32.mul (f32.load (i32.add (global.get $weights) (i32.shl (local.get $id) (i32.const 2))))
                       (f32.convert_i32_s (i32.load8_s (i32.add (i32.add (global.get $table) (i32.mul (local.get $id) (global.get $dim))) (local.get $c)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tokens)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (f32.mul (local.get $sum) (f32.load (i32.add (global.get $scales) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $dims))))
  ;; @end
)
