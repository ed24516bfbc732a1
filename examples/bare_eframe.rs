//! A bare eframe app, the yardstick for the app's start-up (`scripts/launch.sh`): the same
//! window size and renderer as Red Lines, a heading, a line of text and a button, and nothing
//! else. `--quit-after-frames N` quits once N frames are drawn, as the app's hidden flag does.

struct Bare {
    frames: u64,
    quit_after: Option<u64>,
    clicks: u32,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("A bare eframe app");
            ui.label("One heading, one line of text and one button.");
            if ui.button("Click me").clicked() {
                self.clicks += 1;
            }
        });
        self.frames += 1;
        if self.quit_after.is_some_and(|n| self.frames >= n) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn main() -> eframe::Result {
    let mut args = std::env::args().skip(1);
    let mut quit_after = None;
    while let Some(arg) = args.next() {
        if arg == "--quit-after-frames" {
            quit_after = args.next().and_then(|n| n.parse().ok());
        }
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Bare eframe")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "bare-eframe",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(Bare {
                frames: 0,
                quit_after,
                clicks: 0,
            }))
        }),
    )
}
