//! A scenario shared as a link: its RON text, deflated and base64url-encoded, in the URL's
//! fragment (`…#scenario=…`). Browsers never send the fragment to a server, so the scenario
//! goes nowhere but to whoever opens the link. The same link opens in the web build and in
//! the desktop app (`redlines 'URL'`).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::format::{MAX_FILE_BYTES, ron_options};
use super::scenario::{Document, ModelRef, Scenario};

/// Longer links are refused: they are unwieldy to paste and send, and not every browser and
/// app keeps a URL that long whole. A file is the way to share such a scenario.
pub const MAX_LINK_CHARS: usize = 32_000;

/// What the fragment starts with.
const KEY: &str = "scenario=";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error(
        "the link would be {chars} characters long, over the {max} a link can safely carry; \
         save the scenario as a file and share the file instead"
    )]
    TooLong { chars: usize, max: usize },
    #[error("the link holds no scenario: expected `#{KEY}` followed by the scenario")]
    NoScenario,
    #[error("the link is damaged ({0}); ask for it again, or for the scenario as a file")]
    Damaged(String),
    #[error(
        "the link's scenario unpacks to more than {} MB, the most a scenario may hold; \
         unpacking stopped there", max / (1024 * 1024)
    )]
    TooBig { max: usize },
}

/// The scenario as a link carries it: a shipped model by its name and version, any other
/// model written inside, with its sources' texts.
pub fn shared_scenario(doc: &Document) -> Scenario {
    let mut scenario = doc.scenario.clone();
    if !matches!(scenario.model, ModelRef::Bundled { .. }) {
        scenario.model = ModelRef::Inline(Arc::new(doc.self_contained_model()));
    }
    // A link names no file: the positions' packages go inside it.
    if let Some(confrontation) = &mut scenario.confrontation {
        confrontation.write_inside();
    }
    scenario
}

/// `base` (an address; any fragment it has is dropped) with `doc`'s scenario in its fragment.
pub fn to_link(base: &str, doc: &Document) -> Result<String, LinkError> {
    let scenario = shared_scenario(doc);
    let text = ron_options()
        .to_string(&scenario)
        .map_err(|e| LinkError::Damaged(e.to_string()))?;
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    let base = base.split('#').next().unwrap_or_default();
    let link = format!("{base}#{KEY}{}", URL_SAFE_NO_PAD.encode(packed));
    let chars = link.chars().count();
    if chars > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            chars,
            max: MAX_LINK_CHARS,
        });
    }
    Ok(link)
}

/// Why a link's scenario cannot be unpacked, in words (never the bytes unpacked so far: a
/// hostile link's could run to megabytes).
fn unpack_error(status: miniz_oxide::inflate::TINFLStatus) -> LinkError {
    use miniz_oxide::inflate::TINFLStatus;
    match status {
        TINFLStatus::HasMoreOutput => LinkError::TooBig {
            max: MAX_FILE_BYTES,
        },
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            LinkError::Damaged("it is cut short".to_owned())
        }
        TINFLStatus::Adler32Mismatch => {
            LinkError::Damaged("its checksum does not match: some characters changed".to_owned())
        }
        _ => LinkError::Damaged("its scenario is not packed the way Red Lines packs it".to_owned()),
    }
}

/// The value of `key` among the fragment's `&key=value` parameters after the scenario (the
/// tab a link opens on, say).
pub fn fragment_param<'a>(link: &'a str, key: &str) -> Option<&'a str> {
    let (_, fragment) = link.split_once('#')?;
    fragment
        .split('&')
        .skip(1)
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// Whether `text` is a link with a scenario in it (rather than a file's path).
pub fn is_link(text: &str) -> bool {
    text.split_once('#')
        .is_some_and(|(_, fragment)| fragment.starts_with(KEY))
}

/// The scenario's RON text from a link (or from its fragment alone, with or without `#`), to
/// read as a file's text is read. Never inflates past what a file may hold.
pub fn scenario_text(link: &str) -> Result<String, LinkError> {
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    let data = fragment
        .strip_prefix(KEY)
        .ok_or(LinkError::NoScenario)?
        // Whatever follows the scenario (another `&key=`) is not ours.
        .split('&')
        .next()
        .unwrap_or_default()
        .trim();
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| LinkError::Damaged(format!("not base64url: {e}")))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_FILE_BYTES)
        .map_err(|e| unpack_error(e.status))?;
    String::from_utf8(bytes).map_err(|_| LinkError::Damaged("not UTF-8 text".to_owned()))
}
