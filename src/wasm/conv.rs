//! Exports of correlation, convolution and the RGBA photo filter.

use super::args::{dim, index};
use crate::border::Border;
use crate::grid::{into_row_major, view2};
use crate::rgba::{Display, Operation};
use wasm_bindgen::prelude::*;

/// `correlate2d(image, rows, cols, kernel, krows, kcols, border)`: same-size 2D correlation,
/// equal to `scipy.ndimage.correlate`.
#[wasm_bindgen]
pub fn correlate2d(
    image: &[f32],
    rows: f64,
    cols: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    let kernel = view2("kernel", kernel, dim("krows", krows)?, dim("kcols", kcols)?)?;
    let out = crate::conv::correlate2d(image, kernel, Border::parse(border)?)?;
    Ok(into_row_major(out))
}

/// `convolve2d(image, rows, cols, kernel, krows, kcols, border)`: same-size 2D convolution
/// (kernel flipped), equal to `scipy.ndimage.convolve`.
#[wasm_bindgen]
pub fn convolve2d(
    image: &[f32],
    rows: f64,
    cols: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
) -> Result<Vec<f32>, JsError> {
    let image = view2("image", image, dim("rows", rows)?, dim("cols", cols)?)?;
    let kernel = view2("kernel", kernel, dim("krows", krows)?, dim("kcols", kcols)?)?;
    let out = crate::conv::convolve2d(image, kernel, Border::parse(border)?)?;
    Ok(into_row_major(out))
}

/// `correlate1d(signal, kernel, border)`: same-length 1D correlation, equal to
/// `scipy.ndimage.correlate1d`.
#[wasm_bindgen]
pub fn correlate1d(signal: &[f32], kernel: &[f32], border: &str) -> Result<Vec<f32>, JsError> {
    let out = crate::conv::correlate1d(signal.into(), kernel.into(), Border::parse(border)?)?;
    Ok(into_row_major(out))
}

/// `filter_rgba(rgba, width, height, kernel, krows, kcols, border, display)`: correlates R, G
/// and B independently, keeps alpha; `display` is `"clamp"`, `"abs"` or `"rescale"`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn filter_rgba(
    rgba: &[u8],
    width: f64,
    height: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
    display: &str,
) -> Result<js_sys::Uint8ClampedArray, JsError> {
    filter_rgba_by(
        rgba,
        width,
        height,
        kernel,
        krows,
        kcols,
        border,
        display,
        Operation::Correlate,
    )
}

/// `convolve_rgba(...)`: as `filter_rgba` with the kernel flipped (true convolution).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn convolve_rgba(
    rgba: &[u8],
    width: f64,
    height: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
    display: &str,
) -> Result<js_sys::Uint8ClampedArray, JsError> {
    filter_rgba_by(
        rgba,
        width,
        height,
        kernel,
        krows,
        kcols,
        border,
        display,
        Operation::Convolve,
    )
}

/// A photo kept in wasm memory with its filtered version (`new RgbaImage(width, height)`).
///
/// The page writes the photo once into `input_ptr()` and, after each `filter(...)`, reads the
/// result in place at `output_ptr()` (views over `wasm_memory().buffer`, `byte_len()` bytes):
/// no copies cross the boundary per keystroke. Call `free()` when done.
#[wasm_bindgen]
pub struct RgbaImage {
    inner: crate::rgba::RgbaFilter,
}

#[wasm_bindgen]
impl RgbaImage {
    /// A `width × height` image, all zero until written through `input_ptr()`.
    #[wasm_bindgen(constructor)]
    pub fn new(width: f64, height: f64) -> Result<RgbaImage, JsError> {
        let inner = crate::rgba::RgbaFilter::new(dim("width", width)?, dim("height", height)?)?;
        Ok(RgbaImage { inner })
    }

    /// Address of the photo's RGBA bytes in wasm memory.
    pub fn input_ptr(&mut self) -> *mut u8 {
        self.inner.input_mut().as_mut_ptr()
    }

    /// Address of the filtered RGBA bytes in wasm memory.
    pub fn output_ptr(&self) -> *const u8 {
        self.inner.output().as_ptr()
    }

    /// The filtered photo as an `ImageData` for `putImageData`, viewing the output in wasm
    /// memory (no copy). Draw it right away: a later call that grows wasm memory detaches it.
    pub fn output_image_data(&self) -> Result<web_sys::ImageData, JsError> {
        let (width, height) = self.inner.size();
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(self.inner.output()),
            width as u32,
            height as u32,
        )
        .map_err(|e| {
            JsError::new(&format!(
                "The browser could not make an ImageData of {width} × {height} pixels ({e:?})."
            ))
        })
    }

    /// Bytes in the photo (and in the output): `4 · width · height`.
    pub fn byte_len(&self) -> usize {
        self.inner.output().len()
    }

    /// Filters the photo with `kernel` (`krows × kcols`) into the output; `convolve` flips the
    /// kernel. `border` and `display` as for `filter_rgba`.
    pub fn filter(
        &mut self,
        kernel: &[f32],
        krows: f64,
        kcols: f64,
        border: &str,
        display: &str,
        convolve: bool,
    ) -> Result<(), JsError> {
        let spec = crate::rgba::FilterSpec {
            kernel,
            krows: dim("krows", krows)?,
            kcols: dim("kcols", kcols)?,
            border: Border::parse(border)?,
            operation: if convolve {
                Operation::Convolve
            } else {
                Operation::Correlate
            },
            display: Display::parse(display)?,
        };
        Ok(self.inner.apply(&spec)?)
    }
}

/// The module's `WebAssembly.Memory`, for views over `RgbaImage` buffers. Take
/// `.buffer` afresh after any call: it is replaced when memory grows.
#[wasm_bindgen]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[allow(clippy::too_many_arguments)]
fn filter_rgba_by(
    rgba: &[u8],
    width: f64,
    height: f64,
    kernel: &[f32],
    krows: f64,
    kcols: f64,
    border: &str,
    display: &str,
    operation: Operation,
) -> Result<js_sys::Uint8ClampedArray, JsError> {
    let out = crate::rgba::filter_rgba(
        rgba,
        dim("width", width)?,
        dim("height", height)?,
        kernel,
        dim("krows", krows)?,
        dim("kcols", kcols)?,
        Border::parse(border)?,
        operation,
        Display::parse(display)?,
    )?;
    Ok(js_sys::Uint8ClampedArray::from(&out[..]))
}

/// `border_index(i, n, border)`: where index `i` of a length-`n` axis reads from under a
/// border mode, or −1 where it reads zero. The page uses it to show worked examples that agree
/// with the filter exactly.
#[wasm_bindgen]
pub fn border_index(i: f64, n: f64, border: &str) -> Result<f64, JsError> {
    let (i, n) = (index("index i", i)?, dim("length n", n)?);
    if n == 0 {
        return Err(JsError::new(
            "border_index needs an axis of length at least 1.",
        ));
    }
    let b = Border::parse(border)?;
    Ok(b.index(i, n).map_or(-1.0, |j| j as f64))
}
