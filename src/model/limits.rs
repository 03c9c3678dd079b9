//! The limits on input files, against files made to eat memory or time.
//! Each has a row in docs/errors.md, "Gränser".

/// The largest YAML file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The deepest YAML nesting accepted.
pub const MAX_DEPTH: usize = 64;
/// The most aliases (`*ref`) accepted in one file.
pub const MAX_ALIASES: usize = 1_000;
/// The most YAML nodes (values, lists and maps, aliases expanded) in one file.
pub const MAX_NODES: usize = 250_000;
/// The longest text accepted in one field, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// The start of the message a too-long text gives; `yaml_error` knows it.
pub(super) const TEXT_TOO_LONG: &str = "text too long: ";
