//! Long lists (thousands of positions or red lines) draw only the items on screen: an item out of
//! view reserves the height it had when last drawn, so scrolling stays true and a frame stays
//! quick. Short lists draw everything, so keyboard focus can reach every control.

/// Lists longer than this draw only what is visible.
pub const LAZY_ABOVE: usize = 200;

/// One list's items, drawn or skipped. Heights are kept per item index between frames, in one
/// piece of egui's memory per list; runs of skipped items reserve their space at once.
pub struct LazyList {
    id: egui::Id,
    lazy: bool,
    heights: Vec<f32>,
    next: usize,
    /// Space of skipped items not yet reserved.
    pending: f32,
}

impl LazyList {
    /// A list of `len` items, each about `estimate` high until drawn once.
    pub fn new(ui: &egui::Ui, id: egui::Id, len: usize, estimate: f32) -> Self {
        let lazy = len > LAZY_ABOVE;
        let mut heights = if lazy {
            ui.data_mut(|d| d.remove_temp::<Vec<f32>>(id))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if lazy {
            heights.resize(len, estimate);
        }
        LazyList {
            id,
            lazy,
            heights,
            next: 0,
            pending: 0.0,
        }
    }

    /// Draws the next item with `add` if its space is on screen; otherwise only counts it.
    pub fn item(&mut self, ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
        let index = self.next;
        self.next += 1;
        if !self.lazy {
            add(ui);
            return;
        }
        let advance = self.heights[index];
        let top = ui.cursor().min + egui::vec2(0.0, self.pending);
        let rect = egui::Rect::from_min_size(top, egui::vec2(ui.available_width(), advance));
        if !ui.is_rect_visible(rect) {
            self.pending += advance;
            return;
        }
        self.flush(ui);
        let top = ui.cursor().min.y;
        add(ui);
        self.heights[index] = ui.cursor().min.y - top;
    }

    /// Reserves the space of the skipped items since the last drawn one.
    fn flush(&mut self, ui: &mut egui::Ui) {
        if self.pending > 0.0 {
            let spacing = ui.spacing().item_spacing.y;
            let width = ui.available_width();
            ui.allocate_space(egui::vec2(width, (self.pending - spacing).max(0.0)));
            self.pending = 0.0;
        }
    }

    /// Call after the last item: reserves what is left and keeps the heights for next frame.
    pub fn finish(mut self, ui: &mut egui::Ui) {
        self.flush(ui);
        if self.lazy {
            let heights = std::mem::take(&mut self.heights);
            ui.data_mut(|d| d.insert_temp(self.id, heights));
        }
    }
}
