//! A small random BERT token classifier for tests (here and in the crates that use it).

/// The vocabulary of [`model`]: the special entries and a few words.
pub const VOCABULARY: [&str; 10] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "senator", "said", "it", ",", "."];
const HIDDEN: usize = 4;
const INNER: usize = 8;
const POSITIONS: usize = 8;

/// Deterministic small weights.
fn values(count: usize, seed: u32) -> Vec<f32> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state % 2001) as f32 / 2000.0 - 0.5
        })
        .collect()
}

/// The safetensors bytes of a one-layer BERT (hidden size 4, two heads, 8 positions) over
/// [`VOCABULARY`] with a head of `labels` labels; `head_bias` replaces the head's weights by
/// zeros and its bias by these values; the tensor named `drop` is left out.
pub fn model(labels: usize, head_bias: Option<&[f32]>, drop: Option<&str>) -> Vec<u8> {
    let mut tensors: Vec<(String, Vec<usize>, Vec<f32>)> = Vec::new();
    let mut add = |name: &str, shape: Vec<usize>, seed: u32| {
        let count = shape.iter().product();
        let mut v = values(count, seed);
        if name.ends_with("LayerNorm.weight") {
            v.iter_mut().for_each(|x| *x += 1.0);
        }
        tensors.push((name.to_string(), shape, v));
    };
    add("bert.embeddings.word_embeddings.weight", vec![VOCABULARY.len(), HIDDEN], 1);
    add("bert.embeddings.position_embeddings.weight", vec![POSITIONS, HIDDEN], 2);
    add("bert.embeddings.token_type_embeddings.weight", vec![2, HIDDEN], 3);
    add("bert.embeddings.LayerNorm.weight", vec![HIDDEN], 4);
    add("bert.embeddings.LayerNorm.bias", vec![HIDDEN], 5);
    let p = "bert.encoder.layer.0";
    for (k, name) in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]
        .iter()
        .enumerate()
    {
        add(&format!("{p}.{name}.weight"), vec![HIDDEN, HIDDEN], 10 + k as u32);
        add(&format!("{p}.{name}.bias"), vec![HIDDEN], 20 + k as u32);
    }
    add(&format!("{p}.attention.output.LayerNorm.weight"), vec![HIDDEN], 30);
    add(&format!("{p}.attention.output.LayerNorm.bias"), vec![HIDDEN], 31);
    add(&format!("{p}.intermediate.dense.weight"), vec![INNER, HIDDEN], 32);
    add(&format!("{p}.intermediate.dense.bias"), vec![INNER], 33);
    add(&format!("{p}.output.dense.weight"), vec![HIDDEN, INNER], 34);
    add(&format!("{p}.output.dense.bias"), vec![HIDDEN], 35);
    add(&format!("{p}.output.LayerNorm.weight"), vec![HIDDEN], 36);
    add(&format!("{p}.output.LayerNorm.bias"), vec![HIDDEN], 37);
    add("classifier.weight", vec![labels, HIDDEN], 40);
    add("classifier.bias", vec![labels], 41);
    if let Some(bias) = head_bias {
        for (name, _, v) in &mut tensors {
            if name == "classifier.weight" {
                v.iter_mut().for_each(|x| *x = 0.0);
            } else if name == "classifier.bias" {
                *v = bias.to_vec();
            }
        }
    }
    tensors.retain(|(name, _, _)| Some(name.as_str()) != drop);
    let mut header = serde_json::Map::new();
    let mut data = Vec::new();
    for (name, shape, v) in &tensors {
        let begin = data.len();
        data.extend(v.iter().flat_map(|x| x.to_le_bytes()));
        header.insert(
            name.clone(),
            serde_json::json!({"dtype": "F32", "shape": shape, "data_offsets": [begin, data.len()]}),
        );
    }
    let header = serde_json::to_vec(&header).expect("header");
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend(header);
    bytes.extend(data);
    bytes
}
