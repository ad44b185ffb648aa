//! Looped live editing: `L` records a stretch of play, `L` again replays it
//! over and over (the state copied back to where the recording started, the
//! recorded inputs fed frame by frame), `Esc` plays on from where the replay
//! is. The game's update takes only the state and the input, so every pass with
//! the same code plays out exactly the same; save a change and the next pass
//! shows it. The state is `#[repr(C)]` and `Copy`: a snapshot is one copy.

/// 60 s at 60 Hz. A recording that reaches it closes into a loop by itself.
pub const MAX_FRAMES: usize = 60 * 60;

enum Phase<S> {
    Off,
    Recording { start: S },
    Looping { start: S, position: usize },
}

pub struct LiveLoop<S, I> {
    phase: Phase<S>,
    inputs: Vec<I>,
    /// Completed passes since the loop closed.
    pub passes: u32,
}

impl<S: Copy, I: Copy> LiveLoop<S, I> {
    pub fn new() -> LiveLoop<S, I> {
        LiveLoop { phase: Phase::Off, inputs: Vec::new(), passes: 0 }
    }

    /// `L`: off → recording from `state`; recording → looping; looping → a new recording from `state`.
    pub fn toggle(&mut self, state: &S) {
        self.phase = match self.phase {
            Phase::Recording { start } if !self.inputs.is_empty() => Phase::Looping { start, position: 0 },
            _ => {
                self.inputs.clear();
                Phase::Recording { start: *state }
            }
        };
        self.passes = 0;
    }

    /// `Esc`: the game plays on from the state it has now.
    pub fn leave(&mut self) {
        self.phase = Phase::Off;
        self.inputs = Vec::new();
    }

    /// True between two passes (and whenever there is no loop): the moment a new version may come in, so
    /// that each pass runs one version from start to end.
    pub fn at_pass_start(&self) -> bool {
        !matches!(self.phase, Phase::Looping { position, .. } if position > 0)
    }

    /// The input for this frame. Recording: `live`, kept. Looping: the recorded one, and at a pass's first frame
    /// the state is put back to where the recording started.
    pub fn next_input(&mut self, state: &mut S, live: I) -> I {
        match &mut self.phase {
            Phase::Off => live,
            Phase::Recording { start } => {
                self.inputs.push(live);
                if self.inputs.len() >= MAX_FRAMES {
                    self.phase = Phase::Looping { start: *start, position: 0 };
                }
                live
            }
            Phase::Looping { start, position } => {
                if *position == 0 {
                    *state = *start;
                }
                let input = self.inputs[*position];
                *position += 1;
                if *position == self.inputs.len() {
                    *position = 0;
                    self.passes += 1;
                }
                input
            }
        }
    }

    /// "● rec 2.5 s" / "⟳ loop 1.2/2.5 s", or nothing when off.
    pub fn label(&self, frames_per_second: f32) -> Option<String> {
        let seconds = |frames: usize| frames as f32 / frames_per_second;
        match &self.phase {
            Phase::Off => None,
            Phase::Recording { .. } => Some(format!("● rec {:.1} s (L loops)", seconds(self.inputs.len()))),
            Phase::Looping { position, .. } => {
                Some(format!("⟳ loop {:.1}/{:.1} s (Esc leaves)", seconds(*position), seconds(self.inputs.len())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy game: the state adds up its inputs.
    fn step(live_loop: &mut LiveLoop<i32, i32>, state: &mut i32, live: i32) {
        *state += live_loop.next_input(state, live);
    }

    #[test]
    fn records_then_replays_from_the_start_with_the_recorded_inputs() {
        let mut live_loop = LiveLoop::new();
        let mut state = 100;
        live_loop.toggle(&state);
        for live in [1, 2, 3] {
            step(&mut live_loop, &mut state, live);
        }
        assert_eq!(state, 106);
        live_loop.toggle(&state);
        let mut ends = Vec::new();
        for _ in 0..2 {
            for _ in 0..3 {
                step(&mut live_loop, &mut state, 1000); // live input is ignored while looping
            }
            ends.push(state);
            assert!(live_loop.at_pass_start());
        }
        assert_eq!((ends, live_loop.passes), (vec![106, 106], 2));
        step(&mut live_loop, &mut state, 0); // a third pass starts: back to 100, then its first input
        assert_eq!(state, 101);
        assert!(!live_loop.at_pass_start());
        live_loop.leave();
        step(&mut live_loop, &mut state, 5);
        assert_eq!(state, 106, "Esc plays on from where the replay was, with live input");
    }

    #[test]
    fn an_empty_recording_does_not_loop_and_a_long_one_closes_itself() {
        let mut live_loop: LiveLoop<i32, i32> = LiveLoop::new();
        live_loop.toggle(&0);
        live_loop.toggle(&0);
        assert!(matches!(live_loop.phase, Phase::Recording { .. }));
        let mut state = 0;
        for _ in 0..MAX_FRAMES {
            step(&mut live_loop, &mut state, 1);
        }
        assert!(matches!(live_loop.phase, Phase::Looping { position: 0, .. }));
        assert_eq!(live_loop.label(60.0).unwrap(), "⟳ loop 0.0/60.0 s (Esc leaves)");
    }
}
