//! Axis labels for counts: a count of red lines or packages is a whole number, so a plot's
//! in-between grid lines (0.5, 1.5 …) are drawn but not labelled as if half a red line could
//! fail.

/// The label of a grid mark at `value` on an axis of counts: the whole number, or nothing.
pub fn whole_number(value: f64) -> String {
    let whole = value.round();
    if (value - whole).abs() < 1e-6 && whole >= 0.0 {
        format!("{whole:.0}")
    } else {
        String::new()
    }
}

/// [`whole_number`] in the shape egui_plot's axis formatters take.
pub fn counts(mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    whole_number(mark.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_counts_are_labelled() {
        assert_eq!(whole_number(0.0), "0");
        assert_eq!(whole_number(3.0), "3");
        assert_eq!(whole_number(2.0000000001), "2");
        assert_eq!(whole_number(0.5), "");
        assert_eq!(whole_number(1.25), "");
        assert_eq!(whole_number(-1.0), "", "no count is below zero");
    }
}
