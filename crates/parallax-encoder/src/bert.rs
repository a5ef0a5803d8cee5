//! A BERT encoder (post-layer-norm, GELU, absolute positions) with a linear head on each
//! token, its weights read from a safetensors file under the names Hugging Face's
//! `BertForTokenClassification` gives them. Matrix products go through `matrixmultiply`.

use std::collections::HashMap;

use crate::EncoderError;

const LAYER_NORM_EPSILON: f32 = 1e-12;

/// One tensor of a safetensors file, as f32 values.
struct Tensor {
    shape: Vec<usize>,
    values: Vec<f32>,
}

/// The tensors of a safetensors file (F32, F16 and BF16 are read; other types are skipped).
fn read_safetensors(bytes: &[u8]) -> Result<Tensors, EncoderError> {
    let header_len = bytes.get(..8).ok_or(EncoderError::Weights("shorter than its header".into()))?;
    let header_len = u64::from_le_bytes(header_len.try_into().map_err(|_| EncoderError::Weights("header".into()))?);
    let header_end = usize::try_from(header_len)
        .ok()
        .and_then(|n| n.checked_add(8))
        .filter(|&end| end <= bytes.len())
        .ok_or(EncoderError::Weights("header runs past the end".into()))?;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..header_end])
        .map_err(|e| EncoderError::Weights(format!("header is not JSON: {e}")))?;
    let entries = header.as_object().ok_or(EncoderError::Weights("header is not an object".into()))?;
    let data = &bytes[header_end..];
    let mut tensors = HashMap::new();
    for (name, entry) in entries {
        if name == "__metadata__" {
            continue;
        }
        let bad = |what: &str| EncoderError::Weights(format!("{name}: {what}"));
        let dtype = entry.get("dtype").and_then(|d| d.as_str()).ok_or_else(|| bad("no dtype"))?;
        let shape: Vec<usize> = entry
            .get("shape")
            .and_then(|s| s.as_array())
            .ok_or_else(|| bad("no shape"))?
            .iter()
            .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()).ok_or_else(|| bad("bad shape")))
            .collect::<Result<_, _>>()?;
        let offsets = entry.get("data_offsets").and_then(|o| o.as_array()).ok_or_else(|| bad("no offsets"))?;
        let offset = |k: usize| offsets.get(k).and_then(|v| v.as_u64()).and_then(|v| usize::try_from(v).ok());
        let (Some(begin), Some(end)) = (offset(0), offset(1)) else { return Err(bad("bad offsets")) };
        let raw = data.get(begin..end).ok_or_else(|| bad("data runs past the end"))?;
        let width = match dtype {
            "F32" => 4,
            "F16" | "BF16" => 2,
            _ => continue,
        };
        let bytes = shape.iter().try_fold(width, |n: usize, &d| n.checked_mul(d));
        if bytes != Some(raw.len()) {
            return Err(bad("data length does not match the shape"));
        }
        let values = match dtype {
            "F32" => raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect(),
            "F16" => raw.chunks_exact(2).map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]]))).collect(),
            _ => {
                raw.chunks_exact(2).map(|b| f32::from_bits(u32::from(u16::from_le_bytes([b[0], b[1]])) << 16)).collect()
            }
        };
        tensors.insert(name.clone(), Tensor { shape, values });
    }
    Ok(tensors)
}

fn f16_to_f32(half: u16) -> f32 {
    let sign = u32::from(half >> 15) << 31;
    let exponent = u32::from((half >> 10) & 0x1f);
    let mantissa = u32::from(half & 0x3ff);
    let bits = match (exponent, mantissa) {
        (0, 0) => sign,
        (0, m) => {
            // Subnormal: normalise.
            let shift = m.leading_zeros() - 21;
            sign | ((113 - shift) << 23) | ((m << (shift + 1)) & 0x3ff) << 13
        }
        (0x1f, m) => sign | 0x7f80_0000 | (m << 13),
        (e, m) => sign | ((e + 112) << 23) | (m << 13),
    };
    f32::from_bits(bits)
}

/// `y = x Wᵀ + b` for a weight of shape `[out, in]`.
struct Linear {
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

impl Linear {
    fn apply(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut y: Vec<f32> = Vec::with_capacity(rows * self.outputs);
        for _ in 0..rows {
            y.extend_from_slice(&self.bias);
        }
        let (k, n) = (self.inputs, self.outputs);
        gemm(rows, k, n, x, (k as isize, 1), &self.weight, (1, k as isize), &mut y, (n as isize, 1));
        y
    }
}

/// `c += a · b` for row-major views given by (row stride, column stride).
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    a_strides: (isize, isize),
    b: &[f32],
    b_strides: (isize, isize),
    c: &mut [f32],
    c_strides: (isize, isize),
) {
    let reach = |rows: usize, cols: usize, (rs, cs): (isize, isize)| {
        if rows == 0 || cols == 0 { 0 } else { (rows - 1) * rs as usize + (cols - 1) * cs as usize + 1 }
    };
    assert!(a.len() >= reach(m, k, a_strides) && b.len() >= reach(k, n, b_strides));
    assert!(c.len() >= reach(m, n, c_strides));
    #[allow(unsafe_code)]
    // SAFETY: the asserts above keep every element the strides reach inside the slices, and
    // `c` does not alias `a` or `b` (it is borrowed mutably).
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            a_strides.0,
            a_strides.1,
            b.as_ptr(),
            b_strides.0,
            b_strides.1,
            1.0,
            c.as_mut_ptr(),
            c_strides.0,
            c_strides.1,
        );
    }
}

struct LayerNorm {
    gain: Vec<f32>,
    bias: Vec<f32>,
}

impl LayerNorm {
    fn apply(&self, x: &mut [f32]) {
        let width = self.gain.len();
        for row in x.chunks_exact_mut(width) {
            let mean = row.iter().sum::<f32>() / width as f32;
            let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / width as f32;
            let scale = 1.0 / (variance + LAYER_NORM_EPSILON).sqrt();
            for ((v, g), b) in row.iter_mut().zip(&self.gain).zip(&self.bias) {
                *v = (*v - mean) * scale * g + b;
            }
        }
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

type Tensors = HashMap<String, Tensor>;

/// Takes a tensor by its name, with or without the `bert.` prefix.
fn take(tensors: &mut Tensors, name: &str) -> Result<Tensor, EncoderError> {
    tensors
        .remove(name)
        .or_else(|| tensors.remove(&format!("bert.{name}")))
        .ok_or_else(|| EncoderError::Weights(format!("no tensor {name}")))
}

fn linear(tensors: &mut Tensors, name: &str) -> Result<Linear, EncoderError> {
    let weight = take(tensors, &format!("{name}.weight"))?;
    let bias = take(tensors, &format!("{name}.bias"))?;
    let [outputs, inputs] = weight.shape[..] else {
        return Err(EncoderError::Weights(format!("{name}.weight is not a matrix")));
    };
    if bias.values.len() != outputs {
        return Err(EncoderError::Weights(format!("{name}.bias does not match its weight")));
    }
    Ok(Linear { weight: weight.values, bias: bias.values, inputs, outputs })
}

fn norm(tensors: &mut Tensors, name: &str, hidden: usize) -> Result<LayerNorm, EncoderError> {
    let gain = take(tensors, &format!("{name}.weight"))?.values;
    let bias = take(tensors, &format!("{name}.bias"))?.values;
    if gain.len() != hidden || bias.len() != hidden {
        return Err(EncoderError::Weights(format!("{name} does not match the hidden size {hidden}")));
    }
    Ok(LayerNorm { gain, bias })
}

/// The encoder and its head.
pub(crate) struct Bert {
    words: Tensor,
    positions: Tensor,
    /// The token-type embeddings, one row per type.
    token_types: Tensor,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head: Linear,
}

impl Bert {
    /// Reads the weights; `heads` is the number of attention heads (the file does not say).
    pub(crate) fn from_safetensors(bytes: &[u8], heads: usize) -> Result<Bert, EncoderError> {
        let mut tensors = read_safetensors(bytes)?;
        let t = &mut tensors;
        let words = take(t, "embeddings.word_embeddings.weight")?;
        let positions = take(t, "embeddings.position_embeddings.weight")?;
        let token_type = take(t, "embeddings.token_type_embeddings.weight")?;
        let hidden = *words.shape.get(1).ok_or(EncoderError::Weights("word embeddings are not a matrix".into()))?;
        let embedding_norm = norm(t, "embeddings.LayerNorm", hidden)?;
        let mut layers = Vec::new();
        loop {
            let prefix = format!("encoder.layer.{}", layers.len());
            let Ok(query) = linear(t, &format!("{prefix}.attention.self.query")) else { break };
            layers.push(Layer {
                query,
                key: linear(t, &format!("{prefix}.attention.self.key"))?,
                value: linear(t, &format!("{prefix}.attention.self.value"))?,
                attention_out: linear(t, &format!("{prefix}.attention.output.dense"))?,
                attention_norm: norm(t, &format!("{prefix}.attention.output.LayerNorm"), hidden)?,
                intermediate: linear(t, &format!("{prefix}.intermediate.dense"))?,
                output: linear(t, &format!("{prefix}.output.dense"))?,
                output_norm: norm(t, &format!("{prefix}.output.LayerNorm"), hidden)?,
            });
        }
        let head = linear(t, "classifier")?;
        let square = |l: &Linear| l.inputs == hidden && l.outputs == hidden;
        let consistent = layers.iter().all(|l| {
            square(&l.query)
                && square(&l.key)
                && square(&l.value)
                && square(&l.attention_out)
                && l.intermediate.inputs == hidden
                && l.output.inputs == l.intermediate.outputs
                && l.output.outputs == hidden
        });
        if layers.is_empty() || !consistent || head.inputs != hidden || heads == 0 || !hidden.is_multiple_of(heads) {
            return Err(EncoderError::Weights(format!("layer shapes do not fit a hidden size of {hidden}")));
        }
        if positions.shape.get(1) != Some(&hidden) || token_type.shape.get(1) != Some(&hidden) {
            return Err(EncoderError::Weights("embedding widths differ".into()));
        }
        Ok(Bert { words, positions, token_types: token_type, embedding_norm, layers, heads, head })
    }

    pub(crate) fn labels(&self) -> usize {
        self.head.outputs
    }

    /// The longest sequence, special pieces included.
    pub(crate) fn max_positions(&self) -> usize {
        self.positions.shape[0]
    }

    pub(crate) fn vocabulary_size(&self) -> usize {
        self.words.shape[0]
    }

    /// How many token types the embeddings hold.
    pub(crate) fn token_types(&self) -> usize {
        self.token_types.shape[0]
    }

    /// The head's log-probabilities for each piece of one sequence: (id, token type) pairs,
    /// ids below the vocabulary size and types below [`Bert::token_types`], at most
    /// [`Bert::max_positions`] of them.
    pub(crate) fn log_probabilities(&self, pieces: &[(u32, usize)]) -> Vec<Vec<f32>> {
        let hidden = self.head.inputs;
        let n = pieces.len();
        let mut x = Vec::with_capacity(n * hidden);
        for (position, &(id, kind)) in pieces.iter().enumerate() {
            let word = &self.words.values[id as usize * hidden..][..hidden];
            let place = &self.positions.values[position * hidden..][..hidden];
            let kind = &self.token_types.values[kind * hidden..][..hidden];
            x.extend(word.iter().zip(place).zip(kind).map(|((w, p), t)| w + p + t));
        }
        self.embedding_norm.apply(&mut x);
        for layer in &self.layers {
            let attended = self.attention(layer, &x, n);
            let mut residual = layer.attention_out.apply(&attended, n);
            residual.iter_mut().zip(&x).for_each(|(r, v)| *r += v);
            layer.attention_norm.apply(&mut residual);
            x = residual;
            let mut inner = layer.intermediate.apply(&x, n);
            inner.iter_mut().for_each(|v| *v = gelu(*v));
            let mut out = layer.output.apply(&inner, n);
            out.iter_mut().zip(&x).for_each(|(o, v)| *o += v);
            layer.output_norm.apply(&mut out);
            x = out;
        }
        let logits = self.head.apply(&x, n);
        logits.chunks_exact(self.head.outputs).map(log_softmax).collect()
    }

    /// Multi-head self-attention over the whole sequence; the heads' outputs side by side.
    fn attention(&self, layer: &Layer, x: &[f32], n: usize) -> Vec<f32> {
        let hidden = layer.query.outputs;
        let width = hidden / self.heads;
        let scale = 1.0 / (width as f32).sqrt();
        let query = layer.query.apply(x, n);
        let key = layer.key.apply(x, n);
        let value = layer.value.apply(x, n);
        let mut context = vec![0.0f32; n * hidden];
        let mut scores = vec![0.0f32; n * n];
        let row = hidden as isize;
        for head in 0..self.heads {
            let offset = head * width;
            scores.iter_mut().for_each(|s| *s = 0.0);
            gemm(n, width, n, &query[offset..], (row, 1), &key[offset..], (1, row), &mut scores, (n as isize, 1));
            for line in scores.chunks_exact_mut(n) {
                line.iter_mut().for_each(|s| *s *= scale);
                softmax(line);
            }
            gemm(n, n, width, &scores, (n as isize, 1), &value[offset..], (row, 1), &mut context[offset..], (row, 1));
        }
        context
    }
}

fn softmax(values: &mut [f32]) {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in values.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    values.iter_mut().for_each(|v| *v /= sum);
}

fn log_softmax(values: &[f32]) -> Vec<f32> {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let log_sum = values.iter().map(|v| (v - max).exp()).sum::<f32>().ln() + max;
    values.iter().map(|v| v - log_sum).collect()
}

/// GELU with the error function, as BERT has it.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// The error function (Abramowitz and Stegun 7.1.26; absolute error below 1.5e-7).
fn erf(x: f32) -> f32 {
    let sign = x.signum();
    let x = f64::from(x.abs());
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    sign * (1.0 - poly * (-x * x).exp()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats_read_as_their_values() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8);
        assert_eq!(f16_to_f32(0x0000), 0.0);
    }

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [(0.0f32, 0.0f32), (0.5, 0.520_499_9), (1.0, 0.842_700_8), (-2.0, -0.995_322_3)] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {}", erf(x));
        }
    }

    #[test]
    fn a_product_with_strides_matches_the_plain_one() {
        // a: 2×3, b given as the transpose of a 2×3 matrix (so 3×2).
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let w = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        let mut c = [0.0; 4];
        gemm(2, 3, 2, &a, (3, 1), &w, (1, 3), &mut c, (2, 1));
        assert_eq!(c, [4.0, 2.0, 10.0, 5.0]);
    }
}
