import Foundation

/// Text as a search compares it: without case, accents, Arabic short vowels and tatweel, or
/// width, so that "reunion" finds «Réunion» and «اجتماع» finds «اجْتِماع».
///
/// SQLite calls it as the SQL function `eqms_fold` (registered on each connection); PostgreSQL
/// has a function of the same name (migration 0032) that folds the same letters: Latin letters
/// with accents, Arabic marks and the forms of alef. Both sides of a comparison are folded by
/// the same database, so a letter only one of them folds is still found by its exact spelling.
public enum SearchFolding {
    /// The name of the SQL function.
    public static let function = "eqms_fold"

    /// `text` folded.
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        guard folded.unicodeScalars.contains(where: { (0x0622...0x0670).contains($0.value) }) else { return folded }
        // Arabic by hand, as PostgreSQL does it: Foundation keeps the short vowels, and tatweel is
        // a letter to it.
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            switch scalar.value {
            case 0x064B...0x065F, 0x0670, 0x0640: continue
            case 0x0622, 0x0623, 0x0625: scalars.append("\u{0627}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Latin letters with accents and what they fold to, for PostgreSQL's `translate`, which maps
    /// one character to one.
    static let latin: (from: String, to: String) = (
        "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčÈÉÊËèéêëĒēĘęĚěÌÍÎÏìíîïĪīÑñŃńŇňÒÓÔÕÖòóôõöŌōŐőÙÚÛÜùúûüŪūŮůŰűÝýÿŸŠšŽžŚśŹźŻż",
        "aaaaaaaaaaaaaaaaaacccccceeeeeeeeeeeeeeiiiiiiiiiinnnnnnoooooooooooooouuuuuuuuuuuuuuyyyysszzsszzzz"
    )

    /// PostgreSQL's `eqms_fold`.
    static var postgresFunction: String {
        """
        CREATE OR REPLACE FUNCTION \(function)(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT translate(
                lower(regexp_replace(value, '[\u{064B}-\u{065F}\u{0670}\u{0640}]', '', 'g')),
                '\(latin.from)\u{0622}\u{0623}\u{0625}',
                '\(latin.to)\u{0627}\u{0627}\u{0627}')
        $$
        """
    }
}
