//! The brief's pictures: a step's party cards and red lines as presenting draws them, and its
//! charts, drawn by the app's own widgets off screen. wgpu renders them on whatever adapter there
//! is (a CPU one such as Mesa's llvmpipe will do), so the command line needs no display.

use egui_kittest::Harness;
use egui_kittest::wgpu::{WgpuTestRenderer, default_wgpu_setup};

use crate::model::Document;
use crate::model::handout::{Handout, Picture};

use crate::ui::app::{App, AppConfig};
use crate::ui::command::{Command, Present};
use crate::ui::platform::files::Settings;
use crate::ui::setup_context;
use crate::ui::tabs::charts;

/// A handout is printed: light, and a slide's width. Drawn taller than a slide, so that
/// nothing needs to scroll (and nothing is cut), then cropped to what it shows.
const SIZE: [f32; 2] = [1280.0, 1600.0];
const CHARTS_SIZE: [f32; 2] = [1280.0, 1600.0];

/// The picture without the empty rows under what it shows, less a margin. "Empty" is judged
/// against a row just above the foot, inside the panel's own margin (the window's edge is
/// drawn differently from the panel's fill).
fn cropped(image: image::RgbaImage) -> image::RgbaImage {
    const EDGE: u32 = 12;
    let (width, height) = image.dimensions();
    if width == 0 || height <= EDGE {
        return image;
    }
    let reference = height - EDGE;
    let same_as_reference =
        |y: u32| (0..width).all(|x| image.get_pixel(x, y) == image.get_pixel(x, reference));
    let last = (0..reference)
        .rev()
        .find(|&y| !same_as_reference(y))
        .unwrap_or(reference);
    let keep = (last + 24).min(height);
    image::imageops::crop_imm(&image, 0, 0, width, keep).to_image()
}

/// A renderer of its own for each picture (one cannot be reused), or why there is none.
fn renderer() -> Result<WgpuTestRenderer, String> {
    let setup = default_wgpu_setup();
    let instance = pollster::block_on(setup.new_instance());
    let state = pollster::block_on(eframe::egui_wgpu::RenderState::create(
        &eframe::egui_wgpu::WgpuConfiguration {
            wgpu_setup: setup,
            ..Default::default()
        },
        &instance,
        None,
        eframe::egui_wgpu::RendererOptions::PREDICTABLE,
    ))
    .map_err(|e| format!("no graphics adapter to draw with ({e})"))?;
    Ok(WgpuTestRenderer::from_render_state(state))
}

fn png(image: &image::RgbaImage) -> Result<Vec<u8>, String> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .map_err(|e| format!("cannot encode the picture: {e}"))?;
    Ok(bytes.into_inner())
}

fn light() -> Settings {
    Settings {
        dark_mode: false,
        ..Settings::default()
    }
}

/// The step as the room sees it when presenting: banner (with the step's title), cards, broken
/// and uncertain lines, and the package; no keys or buttons.
fn verdicts(doc: &Document, title: &str) -> Result<image::RgbaImage, String> {
    let settings = light();
    let mut app = App::new(AppConfig::default(), settings.clone());
    app.set_document(doc.clone(), None);
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .renderer(renderer()?)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    setup_context(&harness.ctx, &settings);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, Command::Present(Present::Start(None)));
    if let Some(p) = harness.state_mut().presenting_mut() {
        p.handout = true;
        // A step of the briefing, titled as the briefing titles it, not as its file does.
        p.deck.alone = false;
        if let Some(step) = p.deck.steps.first_mut() {
            step.step.title = title.to_owned();
        }
    }
    harness.run_steps(4);
    harness.render()
}

/// The charts tab, alone.
fn charts(doc: &Document) -> Result<image::RgbaImage, String> {
    let settings = light();
    let evaluation = doc.evaluate();
    let doc = doc.clone();
    let mut harness = Harness::builder()
        .with_size(CHARTS_SIZE)
        .renderer(renderer()?)
        .build_ui(move |ui| {
            egui::CentralPanel::default().show(ui, |ui| charts::show(ui, &doc, &evaluation));
        });
    setup_context(&harness.ctx, &settings);
    harness.run_steps(4);
    harness.render()
}

/// Both pictures of step `n` (1 is the first), named for it.
pub fn step_pictures(n: usize, title: &str, doc: &Document) -> Result<Vec<Picture>, String> {
    Ok(vec![
        Picture {
            file: format!("step-{n}-verdicts.png"),
            caption: format!("Step {n}, {title}: each party's verdict and the red lines at issue"),
            png: png(&cropped(verdicts(doc, title)?))?,
        },
        Picture {
            file: format!("step-{n}-charts.png"),
            caption: format!("Step {n}, {title}: charts"),
            png: png(&cropped(charts(doc)?))?,
        },
    ])
}

/// Draws every step's pictures into `brief`: all of them, or none and why.
pub fn add_to(brief: &mut Handout<'_>) -> Result<(), String> {
    let mut drawn = Vec::new();
    for (n, step) in brief.steps.iter().enumerate() {
        drawn.push(if step.wants_pictures {
            step_pictures(n + 1, &step.title, step.document)?
        } else {
            Vec::new()
        });
    }
    for (step, pictures) in brief.steps.iter_mut().zip(drawn) {
        step.pictures = pictures;
    }
    Ok(())
}
