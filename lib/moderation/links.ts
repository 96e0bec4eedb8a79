import { foldText } from "@/lib/moderation/normalize";

/**
 * Top-level domains a bare "name.tld" is taken as a link with: the ones chat spam uses, and none that is also
 * a common English word or file extension (so "e.g.", "3.14", "file.txt", "node.js" and "it.is" stay text).
 * Any other name ("t.me", "youtu.be") is a link when a path follows it.
 * A compact list on purpose: the `tlds` package in node_modules is only a dependency of a dev tool, and its
 * 1,400 names include everyday words (.live, .game, .new) that would refuse ordinary sentences.
 */
const COMMON_TLDS =
  "com net org info biz xyz io co gg tv ly ru su de uk fr nl eu cn jp br au es pl ch se ca cz ua kz tk ml ga cf gq " +
  "top club site online shop store link click app dev live stream pro vip cc ws pw icu buzz cam cyou rest monster " +
  "bet casino win porn sex xxx tube social gift gifts money";

const DOT = String.raw`(?:[.。｡]|\s+[.。｡]\s*|\s*[[({]\s*(?:[.。｡]|dot)\s*[\])}]\s*)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const END = String.raw`(?![\p{L}\p{N}])`;
const START = String.raw`(?<![\p{L}\p{N}.-])`;
const tlds = (list: string) => list.trim().split(/\s+/).join("|");

const PROTOCOL = /(?:h[tx]{2}ps?|ftp)\s*:\s*\/\/|(?<![\p{L}\p{N}])www\d?\./u;
const BARE = new RegExp(`${START}${LABEL}(?:\\.${LABEL})*${DOT}(?:${tlds(COMMON_TLDS)})${END}`, "u");
const WITH_PATH = new RegExp(`${START}${LABEL}(?:\\.${LABEL})*${DOT}[a-z]{2,}\\/[\\p{L}\\p{N}_~%#?=-]`, "u");
/** "evil dot com": the spelled-out dot, with the commonest domains only ("the dot com bubble" is a risk we take). */
const SPELLED = /(?<![\p{L}\p{N}])[\p{L}\p{N}-]{2,}\s+dot\s+(?:com|net|org|io|gg|tv|ru|xyz)(?![\p{L}\p{N}])/u;

/** Every form below needs one of these (after folding: "．", "․", "﹒" are dots then); most chat lines have none. */
const MAYBE_LINK = /[.。｡/]|dot/;

/**
 * Whether a message holds a link: an http(s)/ftp URL (also "hxxp://"), "www.", a bare domain with a common
 * TLD ("evil.com", "bit.ly/x"), any dotted name followed by a path, or a dot disguised as " . ", "[.]", "(dot)"
 * or " dot ". Matched on folded text, so fullwidth dots and look-alike letters do not hide a domain.
 */
export function hasLink(text: string): boolean {
  const folded = foldText(text);
  if (!MAYBE_LINK.test(folded)) return false;
  return PROTOCOL.test(folded) || BARE.test(folded) || WITH_PATH.test(folded) || SPELLED.test(folded);
}
