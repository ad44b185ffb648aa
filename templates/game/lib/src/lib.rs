//! The game: all of its rules and all of its drawing. The hosts only pass key
//! presses in and show the pixels that `game_render` writes; edit anything here,
//! save while `npm run dev` (browser) or `npm run dev:rust` (terminal) runs, and
//! the running game picks up the new code where it is: same player position,
//! same score.
//!
//! Why it looks like this: the state is one `#[repr(C)]` struct with fixed-size
//! arrays and no heap, owned by the host, so it outlives every version of this
//! library. Change a function body or a constant and the host swaps in place;
//! add, remove, retype or reorder a field of `Game` and the game carries on: its
//! state is migrated field by field, by name (docs/state-migration.md in the
//! create-hot-reload package; `/// hot: was old_name` renames a field).
//!
//! `game_update` depends on the state and the input only (the random generator
//! is a field of `Game`; no clock, no globals): the hosts' looped live editing
//! (L in either host) replays recorded inputs from a snapshot and expects the
//! same result every pass. Keep it that way when you edit.

// ---- Edit these first ----------------------------------------------------------------------------
// Colours are 0xRRGGBB.

/// The player (light blue). Try 0x66ff66 (bright green) and watch the square change colour where it stands.
pub const PLAYER_COLOR: u32 = 0x4fc3f7;
pub const ENEMY_COLOR: u32 = 0xef5350;
pub const ITEM_COLOR: u32 = 0xffd54f;
pub const BACKGROUND_COLOR: u32 = 0x1b2030;
pub const WALL_COLOR: u32 = 0x3a4466;
pub const TEXT_COLOR: u32 = 0xe8ecf4;

/// World units per second. The world is `WORLD_WIDTH` x `WORLD_HEIGHT` units, whatever the screen.
pub const PLAYER_SPEED: f32 = 55.0;
pub const ENEMY_SPEED: f32 = 30.0;
/// Added to the enemy's speed for every item collected: the game gets harder as you score.
pub const ENEMY_SPEEDUP: f32 = 2.5;
pub const PLAYER_SIZE: f32 = 8.0;
pub const ENEMY_SIZE: f32 = 10.0;
pub const ITEM_SIZE: f32 = 5.0;
/// Seconds before a collected item appears somewhere else.
pub const ITEM_RESPAWN_SECONDS: f32 = 1.0;
/// Points per item.
pub const ITEM_POINTS: u32 = 1;

pub const WORLD_WIDTH: f32 = 160.0;
pub const WORLD_HEIGHT: f32 = 120.0;

// ---- The state (owned by the host) -----------------------------------------------------------------

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec2 {
    pub x: f32,
    pub y: f32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Item {
    /// Centre, in world units.
    pub pos: Vec2,
    pub visible: bool,
    /// Seconds until it reappears (while not visible).
    pub respawn_in: f32,
}

/// Everything the game remembers. The host allocates it once (outside this library) and passes it to every call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Game {
    /// Centre of the player, in world units.
    pub player: Vec2,
    pub enemy: Vec2,
    /// The enemy's direction of travel (length 1); its speed comes from the constants above.
    pub enemy_dir: Vec2,
    pub items: [Item; 4],
    pub score: u32,
    /// Best score since the host started.
    pub best: u32,
    pub game_over: bool,
    /// Seconds since the last (re)start.
    pub time: f32,
    /// State of the random generator (xorshift32; never 0).
    pub rng: u32,
}

/// The keys held down right now.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Input {
    pub left: bool,
    pub right: bool,
    pub up: bool,
    pub down: bool,
    /// Starts a new round (R or Enter).
    pub restart: bool,
}

/// What a host shows beside the picture.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Status {
    pub score: u32,
    pub best: u32,
    pub game_over: bool,
    pub player: Vec2,
}

// ---- The exported functions (both hosts call these) ------------------------------------------------

/// A new game. The same seed gives the same item positions, so a round can be replayed.
#[unsafe(no_mangle)]
pub extern "C" fn game_init(seed: u32) -> Game {
    let mut game = Game {
        player: Vec2::default(),
        enemy: Vec2::default(),
        enemy_dir: Vec2::default(),
        items: [Item::default(); 4],
        score: 0,
        best: 0,
        game_over: false,
        time: 0.0,
        // xorshift never leaves 0, so 0 becomes another seed.
        rng: if seed == 0 { 0x9e37_79b9 } else { seed },
    };
    restart(&mut game);
    game
}

/// Advances the game by `dt` seconds (the hosts step at a fixed 60 Hz).
#[unsafe(no_mangle)]
pub extern "C" fn game_update(game: &mut Game, input: &Input, dt: f32) {
    // A host that stalled (debugger, suspended laptop) must not teleport anything through a wall.
    let dt = dt.clamp(0.0, 0.1);
    if input.restart && (game.game_over || game.time > 0.5) {
        restart(game);
        return;
    }
    if game.game_over {
        return;
    }
    game.time += dt;
    move_player(game, input, dt);
    move_enemy(game, dt);
    collect_items(game, dt);
    if overlaps(game.player, PLAYER_SIZE, game.enemy, ENEMY_SIZE) {
        game.game_over = true;
    }
}

/// Draws the game into `pixels`: `width` x `height` RGBA pixels (`len` bytes, at least width * height * 4),
/// row by row from the top left. The host owns the buffer; the world is scaled to fit and centred.
///
/// # Safety
/// `pixels` must point to `len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn game_render(game: &Game, pixels: *mut u8, len: usize, width: u32, height: u32) {
    let needed = width as usize * height as usize * 4;
    if pixels.is_null() || len < needed || width == 0 || height == 0 {
        return;
    }
    // SAFETY: the caller guarantees `len` writable bytes at `pixels`, and we checked len covers the image.
    let bytes = unsafe { std::slice::from_raw_parts_mut(pixels, needed) };
    let mut canvas = Canvas::new(bytes, width as usize, height as usize);
    draw(game, &mut canvas);
}

/// Score, best score, game over and player position, for the host's status line.
#[unsafe(no_mangle)]
pub extern "C" fn game_status(game: &Game) -> Status {
    Status { score: game.score, best: game.best, game_over: game.game_over, player: game.player }
}

// ---- Rules ---------------------------------------------------------------------------------------------

fn restart(game: &mut Game) {
    game.best = game.best.max(game.score);
    game.score = 0;
    game.game_over = false;
    game.time = 0.0;
    game.player = Vec2 { x: WORLD_WIDTH / 2.0, y: WORLD_HEIGHT / 2.0 };
    // The enemy starts in the top right corner and heads left, passing above the player: a moment to look around.
    game.enemy = Vec2 { x: WORLD_WIDTH - ENEMY_SIZE, y: ENEMY_SIZE };
    game.enemy_dir = normalize(Vec2 { x: -1.0, y: 0.3 });
    for i in 0..game.items.len() {
        let pos = free_spot(game);
        game.items[i] = Item { pos, visible: true, respawn_in: 0.0 };
    }
}

fn move_player(game: &mut Game, input: &Input, dt: f32) {
    let dir = Vec2 {
        x: f32::from(u8::from(input.right)) - f32::from(u8::from(input.left)),
        y: f32::from(u8::from(input.down)) - f32::from(u8::from(input.up)),
    };
    // Diagonals are not faster than straight lines.
    let dir = normalize(dir);
    let half = PLAYER_SIZE / 2.0;
    game.player.x = (game.player.x + dir.x * PLAYER_SPEED * dt).clamp(half, WORLD_WIDTH - half);
    game.player.y = (game.player.y + dir.y * PLAYER_SPEED * dt).clamp(half, WORLD_HEIGHT - half);
}

fn move_enemy(game: &mut Game, dt: f32) {
    let speed = ENEMY_SPEED + ENEMY_SPEEDUP * game.score as f32;
    let half = ENEMY_SIZE / 2.0;
    let mut pos = Vec2 { x: game.enemy.x + game.enemy_dir.x * speed * dt, y: game.enemy.y + game.enemy_dir.y * speed * dt };
    let mut bounced = false;
    if pos.x < half || pos.x > WORLD_WIDTH - half {
        game.enemy_dir.x = -game.enemy_dir.x;
        pos.x = pos.x.clamp(half, WORLD_WIDTH - half);
        bounced = true;
    }
    if pos.y < half || pos.y > WORLD_HEIGHT - half {
        game.enemy_dir.y = -game.enemy_dir.y;
        pos.y = pos.y.clamp(half, WORLD_HEIGHT - half);
        bounced = true;
    }
    if bounced {
        // A little randomness at each bounce, so its path never settles into a loop you can learn.
        let turn = (random(game) - 0.5) * 0.5;
        game.enemy_dir = normalize(Vec2 { x: game.enemy_dir.x + turn, y: game.enemy_dir.y - turn });
    }
    game.enemy = pos;
}

fn collect_items(game: &mut Game, dt: f32) {
    for i in 0..game.items.len() {
        let item = game.items[i];
        if item.visible {
            if overlaps(game.player, PLAYER_SIZE, item.pos, ITEM_SIZE) {
                game.items[i] = Item { visible: false, respawn_in: ITEM_RESPAWN_SECONDS, ..item };
                game.score += ITEM_POINTS;
                game.best = game.best.max(game.score);
            }
        } else if item.respawn_in > dt {
            game.items[i].respawn_in -= dt;
        } else {
            let pos = free_spot(game);
            game.items[i] = Item { pos, visible: true, respawn_in: 0.0 };
        }
    }
}

/// A random item position, away from the player and the other items (a few tries, then whatever came last).
fn free_spot(game: &mut Game) -> Vec2 {
    let margin = ITEM_SIZE * 2.0;
    let mut pos = Vec2::default();
    for _ in 0..8 {
        pos = Vec2 {
            x: margin + random(game) * (WORLD_WIDTH - 2.0 * margin),
            y: margin + random(game) * (WORLD_HEIGHT - 2.0 * margin),
        };
        let near_item = game.items.iter().any(|item| item.visible && distance(pos, item.pos) < ITEM_SIZE * 2.0);
        if distance(pos, game.player) > PLAYER_SIZE * 3.0 && !near_item {
            break;
        }
    }
    pos
}

/// A number in [0, 1) from the state's xorshift32 generator: deterministic, and part of the state, so a
/// reload continues the same sequence.
fn random(game: &mut Game) -> f32 {
    let mut x = game.rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    game.rng = x;
    (x >> 8) as f32 / (1u32 << 24) as f32
}

/// Squares centred at `a` and `b`, of side `size_a` and `size_b`.
fn overlaps(a: Vec2, size_a: f32, b: Vec2, size_b: f32) -> bool {
    let reach = (size_a + size_b) / 2.0;
    (a.x - b.x).abs() < reach && (a.y - b.y).abs() < reach
}

fn normalize(v: Vec2) -> Vec2 {
    let length = (v.x * v.x + v.y * v.y).sqrt();
    if length == 0.0 { v } else { Vec2 { x: v.x / length, y: v.y / length } }
}

/// Plain multiplications and `sqrt` (exactly rounded): `powi`'s precision is unspecified, and the state must
/// come out bit for bit the same on every replay of a loop.
fn distance(a: Vec2, b: Vec2) -> f32 {
    let (dx, dy) = (a.x - b.x, a.y - b.y);
    (dx * dx + dy * dy).sqrt()
}

// ---- Drawing ---------------------------------------------------------------------------------------------

fn draw(game: &Game, canvas: &mut Canvas) {
    canvas.clear(WALL_COLOR);
    canvas.fill_world(Vec2 { x: WORLD_WIDTH / 2.0, y: WORLD_HEIGHT / 2.0 }, WORLD_WIDTH, WORLD_HEIGHT, BACKGROUND_COLOR);
    for item in game.items.iter().filter(|item| item.visible) {
        // Items pulse, so they read as "take me" even on a two-colour terminal.
        let pulse = 1.0 + 0.15 * (game.time * 6.0 + item.pos.x).sin();
        canvas.fill_world(item.pos, ITEM_SIZE * pulse, ITEM_SIZE * pulse, ITEM_COLOR);
    }
    canvas.fill_world(game.enemy, ENEMY_SIZE, ENEMY_SIZE, ENEMY_COLOR);
    let text_scale = canvas.text_scale();
    let margin = text_scale * 2;
    canvas.text(&number(game.score), canvas.left + margin, canvas.top + margin, TEXT_COLOR);
    if game.game_over {
        let words = "GAME OVER  R TO RESTART";
        let width = words.len() * GLYPH_ADVANCE * text_scale;
        let x = (canvas.left + canvas.right).saturating_sub(width) / 2;
        let y = canvas.top + (canvas.bottom - canvas.top) / 3;
        canvas.text(words, x, y, TEXT_COLOR);
    }
    // Last, so that nothing ever hides the player.
    canvas.fill_world(game.player, PLAYER_SIZE, PLAYER_SIZE, PLAYER_COLOR);
}

/// Decimal digits of `n` without allocating.
fn number(mut n: u32) -> NumberText {
    let mut text = NumberText { digits: [b'0'; 10], start: 10 };
    loop {
        text.start -= 1;
        text.digits[text.start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return text;
        }
    }
}

struct NumberText {
    digits: [u8; 10],
    start: usize,
}

impl std::ops::Deref for NumberText {
    type Target = str;
    fn deref(&self) -> &str {
        // Only ASCII digits are ever written.
        std::str::from_utf8(&self.digits[self.start..]).unwrap_or("")
    }
}

/// The host's pixel buffer, plus where the world sits in it.
struct Canvas<'a> {
    bytes: &'a mut [u8],
    width: usize,
    height: usize,
    /// Pixels per world unit.
    scale: f32,
    /// The world's rectangle in pixels (the rest is letterbox).
    left: usize,
    top: usize,
    right: usize,
    bottom: usize,
}

impl<'a> Canvas<'a> {
    fn new(bytes: &'a mut [u8], width: usize, height: usize) -> Canvas<'a> {
        let scale = (width as f32 / WORLD_WIDTH).min(height as f32 / WORLD_HEIGHT);
        let world_w = (WORLD_WIDTH * scale) as usize;
        let world_h = (WORLD_HEIGHT * scale) as usize;
        let left = (width - world_w) / 2;
        let top = (height - world_h) / 2;
        Canvas { bytes, width, height, scale, left, top, right: left + world_w, bottom: top + world_h }
    }

    fn clear(&mut self, color: u32) {
        self.fill(0, 0, self.width as isize, self.height as isize, color);
    }

    /// A rectangle centred at `center` (world units), at least one pixel in each direction.
    fn fill_world(&mut self, center: Vec2, w: f32, h: f32, color: u32) {
        let x0 = self.left as f32 + (center.x - w / 2.0) * self.scale;
        let y0 = self.top as f32 + (center.y - h / 2.0) * self.scale;
        let x1 = (x0 + (w * self.scale).max(1.0)).round() as isize;
        let y1 = (y0 + (h * self.scale).max(1.0)).round() as isize;
        self.fill(x0.round() as isize, y0.round() as isize, x1, y1, color);
    }

    /// Pixels [x0, x1) x [y0, y1), clipped to the canvas. The first row is written pixel by pixel and then
    /// copied: a debug build (what `npm run dev` runs) is several times faster that way.
    fn fill(&mut self, x0: isize, y0: isize, x1: isize, y1: isize, color: u32) {
        let [r, g, b] = rgb(color);
        let clip = |v: isize, max: usize| v.clamp(0, max as isize) as usize;
        let (x0, x1) = (clip(x0, self.width), clip(x1, self.width));
        let (y0, y1) = (clip(y0, self.height), clip(y1, self.height));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        let row_bytes = (x1 - x0) * 4;
        let first = (y0 * self.width + x0) * 4;
        for pixel in self.bytes[first..first + row_bytes].chunks_exact_mut(4) {
            pixel.copy_from_slice(&[r, g, b, 255]);
        }
        for y in y0 + 1..y1 {
            let start = (y * self.width + x0) * 4;
            self.bytes.copy_within(first..first + row_bytes, start);
        }
    }

    /// How big a font pixel is: one world unit, and at least one pixel (a terminal has few).
    fn text_scale(&self) -> usize {
        (self.scale as usize).max(1)
    }

    /// Text in the 5 x 7 font below, top left at (x, y) in pixels. Unknown characters are blank.
    fn text(&mut self, text: &str, x: usize, y: usize, color: u32) {
        let s = self.text_scale();
        for (i, c) in text.bytes().enumerate() {
            let gx = x + i * GLYPH_ADVANCE * s;
            for (row, bits) in glyph(c).iter().enumerate() {
                for col in 0..5 {
                    if bits & (0b10000 >> col) != 0 {
                        let px = (gx + col * s) as isize;
                        let py = (y + row * s) as isize;
                        self.fill(px, py, px + s as isize, py + s as isize, color);
                    }
                }
            }
        }
    }
}

fn rgb(color: u32) -> [u8; 3] {
    [(color >> 16) as u8, (color >> 8) as u8, color as u8]
}

/// Font pixels from one character's left edge to the next: 5 wide plus a gap.
const GLYPH_ADVANCE: usize = 6;

/// A 5 x 7 pixel font: seven rows of five bits each, just the characters the game writes. Big enough for the
/// 0 to have a hole you can see on a terminal's coarse pixels (a 3 x 5 font's 0 reads as a bar there).
fn glyph(c: u8) -> [u8; 7] {
    match c {
        b'0' => [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
        b'1' => [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        b'2' => [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
        b'3' => [0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110],
        b'4' => [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
        b'5' => [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
        b'6' => [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
        b'7' => [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
        b'8' => [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
        b'9' => [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
        b'A' => [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
        b'E' => [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111],
        b'G' => [0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111],
        b'M' => [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001],
        b'O' => [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
        b'R' => [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],
        b'S' => [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],
        b'T' => [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100],
        b'V' => [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100],
        _ => [0; 7],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps with the enemy parked in a corner, so that only what the test does happens.
    fn step(game: &mut Game, input: Input, seconds: f32) {
        game.enemy = Vec2 { x: WORLD_WIDTH - ENEMY_SIZE, y: WORLD_HEIGHT - ENEMY_SIZE };
        game.enemy_dir = Vec2::default();
        for _ in 0..(seconds * 60.0) as usize {
            game_update(game, &input, 1.0 / 60.0);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_game() {
        let (a, b) = (game_init(7), game_init(7));
        assert_eq!(a.items.map(|i| i.pos), b.items.map(|i| i.pos));
        assert_ne!(a.items.map(|i| i.pos), game_init(8).items.map(|i| i.pos));
    }

    #[test]
    fn the_player_moves_and_stays_inside() {
        let mut game = game_init(1);
        let start = game.player;
        step(&mut game, Input { right: true, ..Input::default() }, 0.5);
        assert!(game.player.x > start.x + 20.0 && game.player.y == start.y);
        step(&mut game, Input { up: true, ..Input::default() }, 10.0);
        assert_eq!(game.player.y, PLAYER_SIZE / 2.0);
    }

    #[test]
    fn collecting_an_item_scores_and_it_comes_back() {
        let mut game = game_init(1);
        game.items[0].pos = game.player;
        game_update(&mut game, &Input::default(), 0.01);
        assert_eq!((game.score, game.items[0].visible), (ITEM_POINTS, false));
        step(&mut game, Input::default(), ITEM_RESPAWN_SECONDS + 0.1);
        assert!(game.items[0].visible);
    }

    #[test]
    fn touching_the_enemy_ends_the_round_and_restart_keeps_the_best() {
        let mut game = game_init(1);
        game.score = 3;
        game.enemy = game.player;
        game_update(&mut game, &Input::default(), 0.01);
        assert!(game.game_over);
        let frozen = game.player;
        step(&mut game, Input { left: true, ..Input::default() }, 0.2);
        assert_eq!(game.player, frozen);
        game_update(&mut game, &Input { restart: true, ..Input::default() }, 0.01);
        assert_eq!((game.game_over, game.score, game.best), (false, 0, 3));
    }

    #[test]
    fn every_digit_has_its_own_glyph_and_zero_has_a_hole() {
        let digits: Vec<[u8; 7]> = (b'0'..=b'9').map(glyph).collect();
        for (i, a) in digits.iter().enumerate() {
            assert!(digits[i + 1..].iter().all(|b| b != a), "digit {i} looks like another");
        }
        // The middle row of 0 has lit pixels left and right with an unlit one between them.
        assert!(digits[0][3] & 0b10001 == 0b10001 && digits[0][3] & 0b01000 == 0);
    }

    #[test]
    fn the_same_inputs_give_the_same_game() {
        // What the looped live editing relies on: update depends on the state and the input only.
        let right = Input { right: true, ..Input::default() };
        let inputs = [right, Input { up: true, ..Input::default() }, Input::default()];
        let play = || {
            let mut game = game_init(42);
            for frame in 0..1200 {
                game_update(&mut game, &inputs[frame / 50 % 3], 1.0 / 60.0);
            }
            format!("{game:?}")
        };
        assert_eq!(play(), play());
    }

    #[test]
    fn render_fills_the_buffer_and_draws_the_player_in_its_colour() {
        let game = game_init(1);
        let (w, h) = (320u32, 240u32);
        let mut pixels = vec![0u8; (w * h * 4) as usize];
        unsafe { game_render(&game, pixels.as_mut_ptr(), pixels.len(), w, h) };
        let centre = ((h / 2 * w + w / 2) * 4) as usize;
        let [r, g, b] = rgb(PLAYER_COLOR);
        assert_eq!(&pixels[centre..centre + 4], &[r, g, b, 255]);
        assert!(pixels.chunks_exact(4).all(|p| p[3] == 255));
        // Too small a buffer: nothing is written.
        let mut short = vec![7u8; 16];
        unsafe { game_render(&game, short.as_mut_ptr(), short.len(), w, h) };
        assert!(short.iter().all(|&b| b == 7));
    }
}
