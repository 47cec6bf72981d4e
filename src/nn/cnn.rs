//! A small LeNet-like convolutional network for 8×8 handwritten digits, its data and its trainer.
//!
//! Architecture (the lecture's "LeNet for optical character recognition", scaled to 8×8):
//! input 1×8×8 → conv 3×3, 6 filters, padding 1 → ReLU → 2×2 max pool → 6×4×4
//! → conv 3×3, 12 filters, padding 1 → ReLU → 2×2 max pool → 12×2×2 = 48
//! → dense 48 → 10 → softmax p_k = e^{z_k} / Σ_j e^{z_j}.
//! Loss on a batch B: L = −(1/|B|)·Σ_{n∈B} ln p_{y_n}(x_n) (cross-entropy), whose gradient with
//! respect to the logits is dL/dz = (p − onehot(y))/|B|.
//! Training: mini-batch SGD with heavy-ball momentum, v ← μ·v − α·∇L, θ ← θ + v.
//! Pixels enter as x = value/16 ∈ [0, 1] (the data's 0..16 ink counts).

use super::conv2d::Conv2d;
use super::maxpool::MaxPool2d;
use super::{Activation, ActivationLayer, Dense, Rng};
use crate::{Error, Result};

/// Image side in pixels (images are SIDE × SIDE).
pub const SIDE: usize = 8;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;
/// Number of classes (digits 0–9).
pub const CLASSES: usize = 10;
/// Filters in the first convolution.
pub const C1: usize = 6;
/// Filters in the second convolution.
pub const C2: usize = 12;
/// Filter side of both convolutions.
pub const K: usize = 3;
/// Largest pixel value in the data (an all-ink 4×4 block).
pub const MAX_PIXEL: u8 = 16;
/// Magic bytes that open a weights file.
pub const WEIGHTS_MAGIC: &[u8; 4] = b"LNT1";

/// Handwritten digits: pixels 0..16 (row-major 8×8 per image) and labels 0..9.
#[derive(Debug, Clone, PartialEq)]
pub struct Digits {
    /// Pixels scaled to [0, 1], image after image (len = 64·n).
    pub images: Vec<f64>,
    /// Labels 0..9, one per image.
    pub labels: Vec<u8>,
}

impl Digits {
    /// Reads the `digits.bin` layout: n·64 pixel bytes (0..16) followed by n label bytes (0..9).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the length is not a multiple of 65 or a byte is out of range.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(PIXELS + 1) {
            return Err(Error::invalid(format!(
                "The digits file has {} bytes, but it should hold 64 pixel bytes and 1 label byte per digit (a multiple of 65): regenerate it with scripts/make_digits.py.",
                bytes.len()
            )));
        }
        let n = bytes.len() / (PIXELS + 1);
        let (px, labels) = bytes.split_at(n * PIXELS);
        if px.iter().any(|&p| p > MAX_PIXEL) || labels.iter().any(|&l| l as usize >= CLASSES) {
            return Err(Error::invalid(
                "The digits file has a pixel above 16 or a label above 9: regenerate it with scripts/make_digits.py.",
            ));
        }
        Ok(Digits {
            images: px.iter().map(|&p| p as f64 / MAX_PIXEL as f64).collect(),
            labels: labels.to_vec(),
        })
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no digits.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Image `i` (64 values in [0, 1]).
    pub fn image(&self, i: usize) -> &[f64] {
        &self.images[i * PIXELS..][..PIXELS]
    }
}

/// Seed of the fixed train / test split (the data come grouped by writer, so a shuffled split
/// keeps both sets alike).
pub const SPLIT_SEED: u64 = 2024;

/// The fixed split of `n` digits: a seeded shuffle of 0..n, whose first `n_train` indices train
/// and the rest test. Returns (train indices, test indices in increasing order).
pub fn split(n: usize, n_train: usize) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(SPLIT_SEED).shuffle(&mut order);
    let n_train = n_train.min(n);
    let mut test = order.split_off(n_train);
    test.sort_unstable();
    (order, test)
}

/// Most digits [`test_indices`] splits (the bundled set has 1797; this only stops a stray
/// argument such as −1 → 2³² − 1 from allocating gigabytes).
pub const MAX_SPLIT: usize = 1 << 20;

/// The held-out test indices of [`split`] (increasing), after checking the sizes.
///
/// # Errors
/// [`Error::InvalidArgument`] when `n` is 0 or above [`MAX_SPLIT`], or `n_train > n`.
pub fn test_indices(n: usize, n_train: usize) -> Result<Vec<usize>> {
    if n == 0 || n > MAX_SPLIT {
        return Err(Error::invalid(format!(
            "The number of digits must be from 1 to {MAX_SPLIT}, not {n}: pass the count of the loaded data set."
        )));
    }
    if n_train > n {
        return Err(Error::invalid(format!(
            "There are {n} digits, so at most {n} can train, not {n_train}."
        )));
    }
    Ok(split(n, n_train).1)
}

/// Softmax p_k = e^{z_k − max z} / Σ_j e^{z_j − max z} of each row of `logits` (batch × 10).
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let mut p = Vec::with_capacity(logits.len());
    for z in logits.chunks_exact(CLASSES) {
        let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        p.extend(e.iter().map(|v| v / s));
    }
    p
}

/// Mean cross-entropy L = −(1/n)·Σ ln p_{y_n} of the batch and its gradient (p − onehot(y))/n
/// with respect to the logits.
pub fn cross_entropy(logits: &[f64], labels: &[u8]) -> (f64, Vec<f64>) {
    let n = labels.len().max(1) as f64;
    let mut grad = softmax(logits);
    let mut loss = 0.0;
    for (g, &y) in grad.chunks_exact_mut(CLASSES).zip(labels) {
        loss -= g[y as usize].max(1e-300).ln();
        g[y as usize] -= 1.0;
        g.iter_mut().for_each(|v| *v /= n);
    }
    (loss / n, grad)
}

/// What every layer produced for one image (for drawing). Maps are channel-major, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Activations {
    /// The input, 8×8 in [0, 1].
    pub input: Vec<f64>,
    /// ReLU(conv1), 6 maps of 8×8.
    pub conv1: Vec<f64>,
    /// Max-pooled conv1, 6 maps of 4×4.
    pub pool1: Vec<f64>,
    /// ReLU(conv2), 12 maps of 4×4.
    pub conv2: Vec<f64>,
    /// Max-pooled conv2, 12 maps of 2×2 (the dense layer's 48 inputs).
    pub pool2: Vec<f64>,
    /// The dense layer's 10 outputs z.
    pub logits: Vec<f64>,
    /// softmax(z): the class probabilities.
    pub probs: Vec<f64>,
}

/// The network: every layer with its parameters and caches.
#[derive(Debug, Clone)]
pub struct LeNet {
    /// 1 → 6 channels, 3×3, padding 1, on 8×8.
    pub conv1: Conv2d,
    /// ReLU after conv1.
    pub relu1: ActivationLayer,
    /// 2×2 max pool, 8×8 → 4×4.
    pub pool1: MaxPool2d,
    /// 6 → 12 channels, 3×3, padding 1, on 4×4.
    pub conv2: Conv2d,
    /// ReLU after conv2.
    pub relu2: ActivationLayer,
    /// 2×2 max pool, 4×4 → 2×2.
    pub pool2: MaxPool2d,
    /// 48 → 10 logits.
    pub fc: Dense,
}

impl LeNet {
    /// A freshly initialised network (He-initialised filters, dense weights ~ N(0, 1/48)).
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let shapes = "LeNet's fixed layer sizes fit together";
        let conv1 = Conv2d::new(1, C1, (SIDE, SIDE), K, 1, &mut rng).expect(shapes);
        let pool1 = MaxPool2d::new(C1, (SIDE, SIDE), 2).expect(shapes);
        let conv2 =
            Conv2d::new(C1, C2, (pool1.out_rows, pool1.out_cols), K, 1, &mut rng).expect(shapes);
        let pool2 = MaxPool2d::new(C2, (conv2.out_rows, conv2.out_cols), 2).expect(shapes);
        let n_flat = pool2.out_len();
        let fc = Dense::new(n_flat, CLASSES, (1.0 / n_flat as f64).sqrt(), 0.0, &mut rng);
        LeNet {
            conv1,
            relu1: ActivationLayer::new(Activation::Relu),
            pool1,
            conv2,
            relu2: ActivationLayer::new(Activation::Relu),
            pool2,
            fc,
        }
    }

    /// Every layer's output for one image of 64 pixels in [0, 1], without caching.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless there are 64 finite pixels.
    pub fn activations(&self, image: &[f64]) -> Result<Activations> {
        if image.len() != PIXELS || image.iter().any(|v| !v.is_finite()) {
            return Err(Error::shape(format!(
                "The network reads one 8×8 image: 64 finite pixel values, not {} values.",
                image.len()
            )));
        }
        let conv1 = self.relu1.apply(&self.conv1.apply(image));
        let pool1 = self.pool1.apply(&conv1);
        let conv2 = self.relu2.apply(&self.conv2.apply(&pool1));
        let pool2 = self.pool2.apply(&conv2);
        let logits = self.fc.apply(&pool2);
        let probs = softmax(&logits);
        Ok(Activations {
            input: image.to_vec(),
            conv1,
            pool1,
            conv2,
            pool2,
            logits,
            probs,
        })
    }

    /// Logits (batch × 10) for a batch of images (batch × 64), without caching.
    pub fn logits(&self, images: &[f64]) -> Vec<f64> {
        let a = self.relu1.apply(&self.conv1.apply(images));
        let a = self.relu2.apply(&self.conv2.apply(&self.pool1.apply(&a)));
        self.fc.apply(&self.pool2.apply(&a))
    }

    /// Predicted class (arg-max logit) of each image in the batch.
    pub fn predict(&self, images: &[f64]) -> Vec<u8> {
        self.logits(images)
            .chunks_exact(CLASSES)
            .map(|z| (0..CLASSES).fold(0, |best, k| if z[k] > z[best] { k } else { best }) as u8)
            .collect()
    }

    /// Fraction of the digits `indices` of `data` classified correctly (0 for none; indices
    /// past the end are skipped).
    pub fn accuracy(&self, data: &Digits, indices: &[usize]) -> f64 {
        let idx: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| i < data.len())
            .collect();
        if idx.is_empty() {
            return 0.0;
        }
        let mut images = Vec::with_capacity(idx.len() * PIXELS);
        for &i in &idx {
            images.extend_from_slice(data.image(i));
        }
        let pred = self.predict(&images);
        let right = pred
            .iter()
            .zip(&idx)
            .filter(|(&p, &i)| p == data.labels[i])
            .count();
        right as f64 / idx.len() as f64
    }

    /// Training forward pass (caches what backward needs); returns the logits.
    pub fn forward(&mut self, images: &[f64]) -> Vec<f64> {
        let a = self.conv1.forward(images);
        let a = self.relu1.forward(&a);
        let a = self.pool1.forward(&a);
        let a = self.conv2.forward(&a);
        let a = self.relu2.forward(&a);
        let a = self.pool2.forward(&a);
        self.fc.forward(&a)
    }

    /// Backward pass from dL/dlogits: accumulates every layer's parameter gradients; returns
    /// dL/dimage.
    pub fn backward(&mut self, dlogits: &[f64]) -> Vec<f64> {
        let g = self.fc.backward(dlogits);
        let g = self.pool2.backward(&g);
        let g = self.relu2.backward(&g);
        let g = self.conv2.backward(&g);
        let g = self.pool1.backward(&g);
        let g = self.relu1.backward(&g);
        self.conv1.backward(&g)
    }

    /// Mean cross-entropy of a batch and the gradients of all parameters (zeroed first).
    pub fn loss_and_grad(&mut self, images: &[f64], labels: &[u8]) -> f64 {
        self.zero_grad();
        let logits = self.forward(images);
        let (loss, dz) = cross_entropy(&logits, labels);
        self.backward(&dz);
        loss
    }

    /// Sets all gradients to zero.
    pub fn zero_grad(&mut self) {
        self.conv1.zero_grad();
        self.conv2.zero_grad();
        self.fc.zero_grad();
    }

    /// The parameter vectors in file order (conv1 w, b, conv2 w, b, dense w, b).
    pub fn params(&self) -> [&Vec<f64>; 6] {
        [
            &self.conv1.w,
            &self.conv1.b,
            &self.conv2.w,
            &self.conv2.b,
            &self.fc.w,
            &self.fc.b,
        ]
    }

    /// Each parameter vector with its gradient, in file order.
    pub fn params_and_grads(&mut self) -> [(&mut Vec<f64>, &Vec<f64>); 6] {
        [
            (&mut self.conv1.w, &self.conv1.dw),
            (&mut self.conv1.b, &self.conv1.db),
            (&mut self.conv2.w, &self.conv2.dw),
            (&mut self.conv2.b, &self.conv2.db),
            (&mut self.fc.w, &self.fc.dw),
            (&mut self.fc.b, &self.fc.db),
        ]
    }

    /// Number of parameters (6·9 + 6 + 12·6·9 + 12 + 48·10 + 10 = 1,210).
    pub fn param_count(&self) -> usize {
        self.params().iter().map(|p| p.len()).sum()
    }

    /// The weights file: magic "LNT1", u32 little-endian count n, then n f32 little-endian
    /// values in [`LeNet::params`] order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.param_count();
        let mut out = Vec::with_capacity(8 + 4 * n);
        out.extend_from_slice(WEIGHTS_MAGIC);
        out.extend_from_slice(&(n as u32).to_le_bytes());
        for p in self.params() {
            for &v in p {
                out.extend_from_slice(&(v as f32).to_le_bytes());
            }
        }
        out
    }

    /// Replaces the weights with those of a file written by [`LeNet::to_bytes`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the bytes are not a LeNet weights file of this
    /// architecture or hold a non-finite number; the weights are then left unchanged.
    pub fn load_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let n = self.param_count();
        if bytes.len() < 8 || &bytes[..4] != WEIGHTS_MAGIC {
            return Err(Error::invalid(
                "This is not a LeNet weights file (it should start with \"LNT1\"): use lenet-weights.bin or weights saved by this page.",
            ));
        }
        let count = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        if count != n || bytes.len() != 8 + 4 * n {
            return Err(Error::invalid(format!(
                "This weights file holds {count} numbers in {} bytes, but this network has {n} parameters ({} bytes): it was made for a different architecture.",
                bytes.len(),
                8 + 4 * n
            )));
        }
        let values: Vec<f64> = bytes[8..]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64)
            .collect();
        if values.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "This weights file contains a NaN or infinite number: retrain and save again.",
            ));
        }
        let mut rest = &values[..];
        for (p, _) in self.params_and_grads() {
            let (head, tail) = rest.split_at(p.len());
            p.copy_from_slice(head);
            rest = tail;
        }
        Ok(())
    }
}

/// Training settings, checked by [`TrainConfig::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Step size α > 0.
    pub learning_rate: f64,
    /// Momentum μ ∈ [0, 1) (0 = plain SGD).
    pub momentum: f64,
    /// Examples per gradient step.
    pub batch_size: usize,
    /// Seed of the initial weights and of the shuffling.
    pub seed: u64,
    /// Training digits (the first `n_train` of the seeded shuffle of [`split`]); the rest test.
    pub n_train: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            learning_rate: 0.02,
            momentum: 0.9,
            batch_size: 16,
            seed: 1,
            n_train: 1500,
        }
    }
}

impl TrainConfig {
    /// Checks every setting against a data set of `n` digits.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first setting out of range.
    pub fn validate(&self, n: usize) -> Result<()> {
        if !(self.learning_rate.is_finite()
            && self.learning_rate > 0.0
            && self.learning_rate <= 1.0)
        {
            return Err(Error::invalid(format!(
                "The learning rate α = {} must be above 0 and at most 1 (try 0.02).",
                self.learning_rate
            )));
        }
        if !(self.momentum.is_finite() && (0.0..1.0).contains(&self.momentum)) {
            return Err(Error::invalid(format!(
                "The momentum μ = {} must be at least 0 and below 1 (try 0.9).",
                self.momentum
            )));
        }
        if !(1..n).contains(&self.n_train) {
            return Err(Error::invalid(format!(
                "The number of training digits must be from 1 to {} (leaving some to test), not {}.",
                n.saturating_sub(1),
                self.n_train
            )));
        }
        if !(1..=self.n_train).contains(&self.batch_size) {
            return Err(Error::invalid(format!(
                "The batch size must be from 1 to the number of training digits ({}), not {}.",
                self.n_train, self.batch_size
            )));
        }
        Ok(())
    }
}

/// A training run: the network, its momentum buffers, the data and where in the epoch it is.
#[derive(Debug, Clone)]
pub struct Trainer {
    config: TrainConfig,
    data: Digits,
    model: LeNet,
    velocity: Vec<Vec<f64>>,
    rng: Rng,
    order: Vec<usize>,
    test: Vec<usize>,
    pos: usize,
    epochs_done: usize,
    epoch_loss: (f64, usize),
}

impl Trainer {
    /// A fresh network (seeded by `config.seed`) ready to train on `data`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a setting is out of range (see [`TrainConfig::validate`]).
    pub fn new(data: Digits, config: TrainConfig) -> Result<Self> {
        config.validate(data.len())?;
        let model = LeNet::new(config.seed);
        let velocity = model.params().iter().map(|p| vec![0.0; p.len()]).collect();
        let mut rng = Rng::new(config.seed ^ 0x005E_ED0F_0DE5);
        let (mut order, test) = split(data.len(), config.n_train);
        rng.shuffle(&mut order);
        Ok(Trainer {
            config,
            data,
            model,
            velocity,
            rng,
            order,
            test,
            pos: 0,
            epochs_done: 0,
            epoch_loss: (0.0, 0),
        })
    }

    /// One momentum step on the next mini-batch; returns its mean cross-entropy. Reshuffles
    /// the training digits when an epoch ends.
    pub fn step(&mut self) -> f64 {
        let end = (self.pos + self.config.batch_size).min(self.order.len());
        let mut images = Vec::with_capacity((end - self.pos) * PIXELS);
        let mut labels = Vec::with_capacity(end - self.pos);
        for &i in &self.order[self.pos..end] {
            images.extend_from_slice(self.data.image(i));
            labels.push(self.data.labels[i]);
        }
        let loss = self.model.loss_and_grad(&images, &labels);
        let (lr, mu) = (self.config.learning_rate, self.config.momentum);
        for ((p, g), v) in self
            .model
            .params_and_grads()
            .into_iter()
            .zip(&mut self.velocity)
        {
            for ((w, &dw), vel) in p.iter_mut().zip(g).zip(v.iter_mut()) {
                *vel = mu * *vel - lr * dw;
                *w += *vel;
            }
        }
        self.epoch_loss.0 += loss * labels.len() as f64;
        self.epoch_loss.1 += labels.len();
        self.pos = end;
        if self.pos == self.order.len() {
            self.pos = 0;
            self.epochs_done += 1;
            self.rng.shuffle(&mut self.order);
        }
        loss
    }

    /// Trains until the current epoch ends; returns its mean training loss.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the loss stops being finite (the learning rate is too large).
    pub fn train_epoch(&mut self) -> Result<f64> {
        let target = self.epochs_done + 1;
        while self.epochs_done < target {
            self.step();
        }
        let loss = self.take_epoch_loss();
        if !loss.is_finite() {
            return Err(Error::invalid(
                "Training diverged (the loss became infinite): lower the learning rate and train again.",
            ));
        }
        Ok(loss)
    }

    /// Mean training loss of the steps since the last call (NaN when there were none), and
    /// starts a new average.
    pub fn take_epoch_loss(&mut self) -> f64 {
        let (s, n) = std::mem::take(&mut self.epoch_loss);
        if n == 0 {
            f64::NAN
        } else {
            s / n as f64
        }
    }

    /// Epochs completed plus the fraction of the current one.
    pub fn progress(&self) -> f64 {
        self.epochs_done as f64 + self.pos as f64 / self.order.len() as f64
    }

    /// Epochs completed.
    pub fn epochs_done(&self) -> usize {
        self.epochs_done
    }

    /// Accuracy on the training digits.
    pub fn train_accuracy(&self) -> f64 {
        let mut train = self.order.clone();
        train.sort_unstable();
        self.model.accuracy(&self.data, &train)
    }

    /// Accuracy on the held-out test digits.
    pub fn test_accuracy(&self) -> f64 {
        self.model.accuracy(&self.data, &self.test)
    }

    /// Indices of the held-out test digits (increasing).
    pub fn test_indices(&self) -> &[usize] {
        &self.test
    }

    /// The network being trained.
    pub fn model(&self) -> &LeNet {
        &self.model
    }
}
