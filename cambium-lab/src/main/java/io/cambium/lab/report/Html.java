package io.cambium.lab.report;

/** HTML text escaping. */
final class Html {
    private Html() {
    }

    /** {@code s} safe as element text or a quoted attribute value. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Escaped text with the bank's Markdown emphasis ({@code **x**}) and line breaks kept. */
    static String markdownText(String s) {
        String e = esc(s).replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
        return e.replace("\n\n", "</p><p>").replace("\n", "<br>");
    }

    /** The start of a page: head with title and stylesheet, and the opening of main. */
    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                + "<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<main>\n";
    }

    /** The end of a page. */
    static String foot() {
        return "</main>\n</body>\n</html>\n";
    }
}
