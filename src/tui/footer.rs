//! Fitting a screen's keys into the footer's rows: never an item cut in two, help, back and quit
//! always kept, the others in table order as room allows, and a "… ? more keys" cue at the end
//! when some had to be left out (the `?` help lists them all).

/// Cells between two items on a row.
pub const GAP: usize = 2;

/// One footer item to place: its width on screen, whether it must stay, and whether it is the
/// `?` key (which the cue, itself naming `?`, replaces when some keys are left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    pub width: usize,
    pub keep: bool,
    pub help: bool,
}

/// What a footer row holds, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The item at this index of the entries.
    Item(usize),
    /// The "more keys" cue.
    More,
}

/// Place the chosen items (indices in table order) in `rows` rows of `width`, whole, and the
/// cue, if any, at the end of the last row; `None` when something finds no room. Items go in
/// reading order when they can; else each on the first row with room for it (so one long item
/// does not push every later one down a row).
fn layout(
    entries: &[Entry],
    chosen: &[usize],
    cue: Option<usize>,
    width: usize,
    rows: usize,
) -> Option<Vec<Vec<Slot>>> {
    place(entries, chosen, cue, width, rows, false)
        .or_else(|| place(entries, chosen, cue, width, rows, true))
}

fn place(
    entries: &[Entry],
    chosen: &[usize],
    cue: Option<usize>,
    width: usize,
    rows: usize,
    first_fit: bool,
) -> Option<Vec<Vec<Slot>>> {
    if rows == 0 {
        return (chosen.is_empty() && cue.is_none()).then(Vec::new);
    }
    if cue.is_some_and(|w| w > width) {
        return None;
    }
    // The cue's room at the end of the last row is kept from the start.
    let limit = |row: usize| match cue {
        Some(w) if row == rows - 1 => width.saturating_sub(w + GAP),
        _ => width,
    };
    let mut out: Vec<Vec<Slot>> = vec![Vec::new(); rows];
    let mut used = vec![0usize; rows];
    let after = |used: usize, w: usize| if used == 0 { w } else { used + GAP + w };
    let mut current = 0;
    for &i in chosen {
        let w = entries[i].width;
        let from = if first_fit { 0 } else { current };
        let row = (from..rows).find(|&r| after(used[r], w) <= limit(r))?;
        current = row;
        used[row] = after(used[row], w);
        out[row].push(Slot::Item(i));
    }
    if cue.is_some() {
        out[rows - 1].push(Slot::More);
    }
    while out.last().is_some_and(|r| r.is_empty()) {
        out.pop();
    }
    Some(out)
}

/// The rows to draw for `entries` (in table order) in `rows` rows of `width` cells. `cue` is the
/// width of the "more keys" cue, `None` when the screen has no help to point to.
pub fn fit(entries: &[Entry], cue: Option<usize>, width: usize, rows: usize) -> Vec<Vec<Slot>> {
    let all: Vec<usize> = (0..entries.len()).collect();
    if let Some(r) = layout(entries, &all, None, width, rows) {
        return r;
    }
    // Kept items first, then the others by table order; each is taken if it still fits with
    // everything taken before it (a later, shorter item may fit where a longer one did not).
    // With the cue shown, the `?` item is not: the cue names `?` itself.
    let candidates = |keep: bool| {
        all.iter()
            .copied()
            .filter(move |&i| entries[i].keep == keep && !(cue.is_some() && entries[i].help))
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut rows_now = layout(entries, &[], cue, width, rows).unwrap_or_default();
    for i in candidates(true).chain(candidates(false)) {
        let mut trial = chosen.clone();
        trial.push(i);
        trial.sort_unstable();
        if let Some(r) = layout(entries, &trial, cue, width, rows) {
            chosen = trial;
            rows_now = r;
        }
    }
    rows_now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(width: usize, keep: bool) -> Entry {
        Entry {
            width,
            keep,
            help: false,
        }
    }

    fn shown(rows: &[Vec<Slot>]) -> Vec<Slot> {
        rows.iter().flatten().copied().collect()
    }

    #[test]
    fn everything_fits_without_a_cue() {
        let entries = [e(10, false), e(10, false), e(6, true)];
        let rows = fit(&entries, Some(12), 40, 1);
        assert_eq!(
            rows,
            vec![vec![Slot::Item(0), Slot::Item(1), Slot::Item(2)]]
        );
        // Two rows: the third item goes to the second row, whole.
        let rows = fit(&entries, Some(12), 22, 2);
        assert_eq!(
            rows,
            vec![vec![Slot::Item(0), Slot::Item(1)], vec![Slot::Item(2)]]
        );
    }

    #[test]
    fn kept_items_stay_and_the_cue_ends_the_footer() {
        // Five wide items, then help and quit: only some of the wide ones fit.
        let entries = [
            e(15, false),
            e(15, false),
            e(15, false),
            e(15, false),
            e(15, false),
            e(6, true),
            e(6, true),
        ];
        let rows = fit(&entries, Some(10), 40, 2);
        let s = shown(&rows);
        assert_eq!(s.last(), Some(&Slot::More));
        assert!(s.contains(&Slot::Item(5)) && s.contains(&Slot::Item(6)));
        assert!(
            s.contains(&Slot::Item(0)),
            "the first in the table comes first"
        );
        assert!(!s.contains(&Slot::Item(4)));
        for row in &rows {
            let w: usize = row
                .iter()
                .map(|s| match s {
                    Slot::Item(i) => entries[*i].width,
                    Slot::More => 10,
                })
                .sum::<usize>()
                + GAP * (row.len() - 1);
            assert!(w <= 40, "a row overflows: {row:?}");
        }
        // Table order is kept along each row.
        for row in &rows {
            let items: Vec<usize> = row
                .iter()
                .filter_map(|s| match s {
                    Slot::Item(i) => Some(*i),
                    Slot::More => None,
                })
                .collect();
            assert!(items.windows(2).all(|w| w[0] < w[1]), "{items:?}");
        }
    }

    #[test]
    fn a_shorter_later_item_takes_room_a_longer_one_could_not() {
        let entries = [e(5, false), e(30, false), e(5, false), e(3, true)];
        let rows = fit(&entries, Some(6), 25, 1);
        assert_eq!(
            shown(&rows),
            vec![Slot::Item(0), Slot::Item(2), Slot::Item(3), Slot::More]
        );
    }

    #[test]
    fn the_cue_takes_the_place_of_the_help_item() {
        let help = Entry {
            width: 8,
            keep: true,
            help: true,
        };
        let entries = [e(30, false), e(30, false), help, e(6, true)];
        // 30 + 6 + 12 and two gaps: room for one wide item, `q` and the cue, not for `? help`.
        let rows = fit(&entries, Some(12), 52, 1);
        assert_eq!(shown(&rows), vec![Slot::Item(0), Slot::Item(3), Slot::More]);
    }

    #[test]
    fn a_long_item_does_not_push_every_later_one_down_a_row() {
        // In reading order the third would start a row the fourth cannot share.
        let entries = [
            e(47, false),
            e(35, false),
            e(14, false),
            e(20, true),
            e(8, true),
        ];
        let rows = fit(&entries, Some(13), 80, 2);
        assert_eq!(
            rows,
            vec![
                vec![Slot::Item(0), Slot::Item(2), Slot::Item(4)],
                vec![Slot::Item(1), Slot::Item(3)]
            ]
        );
    }

    #[test]
    fn an_item_wider_than_the_row_is_left_out_not_cut() {
        let entries = [e(50, false), e(4, true)];
        let rows = fit(&entries, Some(6), 20, 2);
        assert_eq!(shown(&rows), vec![Slot::Item(1), Slot::More]);
        // No help to point to: what fits, without a cue.
        let rows = fit(&entries, None, 20, 2);
        assert_eq!(shown(&rows), vec![Slot::Item(1)]);
    }
}
