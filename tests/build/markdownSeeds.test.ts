// Markdown seeds: the full story fixture builds as intended, and hostile Markdown is refused by name
// (file:line) or published intact and escaped; the build never hangs or crashes.

import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/build/buildContent";
import { markdownHtml } from "../../src/build/markdownHtml";
import { parseMarkdown } from "../../src/build/parseMarkdown";
import { formatProblem } from "../../src/build/problem";
import { tempFolder } from "./seedsFolder";

const FIXTURES = join("tests", "fixtures", "e2e-seeds");

async function build(dir: string) {
  return buildContent({ seedsDir: dir, label: "seeds", sourceDateEpoch: "1767225600" });
}

/** A seeds folder holding `files` (name -> text) and the fixture photos. */
function folder(files: Record<string, string>): string {
  const dir = tempFolder();
  cpSync(join(FIXTURES, "media"), join(dir, "media"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("a Markdown story", () => {
  it("builds every construct: links, lists, quote, table, code, footnote, photos with captions", async () => {
    const dir = tempFolder();
    cpSync(FIXTURES, dir, { recursive: true });
    const result = await build(dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const story = result.stories.find((s) => s.id === "harbour-reopens")!;
    expect(story.title).toBe("Harbour reopens after two years of repairs");
    expect(story.summary).toMatch(/^The city harbour reopened on Saturday, two years after the storm/);
    const html = story.html!;
    for (const fragment of [
      '<a href="https://example.org/statement">said in a statement</a>',
      '<a href="mailto:press@example.org">',
      "<strong>Saturday</strong>",
      "<em>four metres</em>",
      "<del>wooden</del>",
      "<h2>What changed</h2>",
      "<blockquote>",
      '<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table>',
      '<th class="align-right">Before</th>',
      '<code class="language-text">if (berths > 100) { fee = "reduced"; } // ]]> and &#x3C;/script> stay as typed',
      "<code>Q-7</code>",
      "<hr>",
      'href="#user-content-fn-cost" id="user-content-fnref-cost"',
      '<li id="user-content-fn-cost">',
      '<figcaption>Traders set up on the quay by 6 am. <span class="credit">Photo: Ana Lima</span></figcaption>',
    ]) {
      expect(html).toContain(fragment);
    }
    // The body's photo: responsive WebP and JPEG, its size stated, lazy (it is not the lead).
    expect(html).toMatch(
      /<picture><source type="image\/webp" srcset="\/media\/[0-9a-f]{16}-480\.webp 480w, \/media\/[0-9a-f]{16}-900\.webp 900w"/,
    );
    expect(html).toMatch(
      /<img src="\/media\/[0-9a-f]{16}-900\.jpg" [^>]*width="900" height="1200" alt="A market stall selling fish on the quay" loading="lazy"/,
    );
    expect(html).not.toMatch(/<h1|<script|user-content-user-content/);
    // The lead: front matter, not in the body, every variant named.
    expect(story.image).toMatchObject({
      alt: "Fishing boats moored along the rebuilt harbour wall at dawn",
      caption: "The rebuilt harbour wall on its first morning.",
      credit: "Photo: Ana Lima",
      inBody: false,
      full: { width: 1600, height: 1067 },
      thumbnail: { width: 480, height: 320 },
      card: { width: 1200, height: 630 },
      crops: [
        { width: 1200, height: 675 },
        { width: 1200, height: 900 },
        { width: 1200, height: 1200 },
      ],
    });
    expect(story.image!.figure).not.toContain('loading="lazy"');
    expect(story.image!.figure).toContain('fetchpriority="high"');
    expect(story.text).toContain("- The wall is four metres higher.\n- A new wooden steel walkway");
    expect(story.text).toContain("1. Inspections finished in October.");
    expect(story.text).toContain("> “We waited a long time for this morning,”");
    expect(story.text).toMatch(
      /The repairs cost €12 million\[1\][\s\S]*\n\n\[1\] The figure includes the walkway/,
    );
    expect(result.media.map((image) => image.src).sort()).toEqual([
      "media/harbour-at-dawn.jpg",
      "media/market-stall.png",
    ]);
  });

  it("gives every photo its own file and alt text, in a link or by reference, in reading order", async () => {
    const dir = folder({
      "001_order.md": [
        "# Order",
        "",
        "[![Boats](media/harbour-at-dawn.jpg)](https://example.org/boats) and ![Stall][stall]",
        "",
        "[stall]: media/market-stall.png",
        "",
      ].join("\n"),
    });
    const result = await build(dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const images = result.stories[0]!.html!.match(/<img [^>]*>/g)!;
    const hashOf = (src: string) => result.media.find((image) => image.src === src)!.hash;
    expect(images[0]).toContain(`/media/${hashOf("media/harbour-at-dawn.jpg")}-`);
    expect(images[0]).toContain('alt="Boats"');
    expect(images[1]).toContain(`/media/${hashOf("media/market-stall.png")}-`);
    expect(images[1]).toContain('alt="Stall"');
  });

  it("takes the first photo as the lead when front matter names none, and shows it eagerly", async () => {
    const dir = folder({
      "001_photo.md":
        "# With a photo\n\nIntro.\n\n![Boats at dawn](media/harbour-at-dawn.jpg)\n\n![Stall](media/market-stall.png)\n",
    });
    const result = await build(dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const [story] = result.stories;
    expect(story!.image).toMatchObject({ alt: "Boats at dawn", inBody: true });
    const images = story!.html!.match(/<img [^>]*>/g)!;
    expect(images[0]).not.toContain('loading="lazy"');
    expect(images[1]).toContain('loading="lazy"');
    expect(images[0]).toContain('fetchpriority="high"');
    expect(images[1]).not.toContain("fetchpriority");
  });
});

describe("hostile Markdown", () => {
  it("refuses each hostile construct by file and line, in one build", async () => {
    const deepQuotes = `# Deep\n\n${">".repeat(10_000)} x\n`;
    const deepLists = `# Deep\n\n${"- ".repeat(10_000)}x\n\n${"1. ".repeat(10_000)}x\n`;
    const dir = folder({
      "001_script.md": "# Script\n\nText <script>alert(1)</script> here.\n",
      "002_handler.md": '# Handler\n\n<img src="x" onerror="alert(1)">\n',
      "003_schemes.md": [
        "# Schemes",
        "",
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:alert(1))",
        "[c](&#106;avascript:alert(1))",
        "[d](java&#x09;script:alert(1))",
        "[e](data:text/html;base64,PHNjcmlwdD4=)",
        "[f](vbscript:msgbox)",
        "<javascript:alert(1)>",
        "[g](//evil.example/x)",
        "",
      ].join("\n"),
      "004_references.md":
        "# References\n\n[link][r] and ![photo][p]\n\n[r]: javascript:alert(1)\n[p]: https://evil.example/x.jpg\n",
      "005_deep-quotes.md": deepQuotes,
      "006_deep-lists.md": deepLists,
      "007_photos.md": [
        "# Photos",
        "",
        "![](media/harbour-at-dawn.jpg)",
        "![Remote](https://example.org/x.jpg)",
        "![Escape](media/../../etc/passwd)",
        "",
      ].join("\n"),
      "010_photo-files.md": [
        "# Photo files",
        "",
        "![Missing](media/nothing-here.jpg)",
        "![Not a photo](media/not-a-photo.jpg)",
        "![Empty](media/empty.jpg)",
        "![Huge](media/huge.jpg)",
        "",
      ].join("\n"),
      "008_headings.md": "# One\n\nText.\n\n# Two\n",
      "009_script-in-text.md": "# Text\n\nClose ]]> and </script> in text.\n",
      "011_photo-in-headline.md": "# Storm ![Radar](media/harbour-at-dawn.jpg)\n\nText.\n",
      "012_emphasis.md": `# Emphasis\n\n${"*a ".repeat(3000)}x*${" b*".repeat(2999)}\n`,
    });
    writeFileSync(join(dir, "media", "not-a-photo.jpg"), "this is text, not a JPEG\n");
    writeFileSync(join(dir, "media", "empty.jpg"), "");
    await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: "#808080" } })
      .jpeg({ quality: 10 })
      .toFile(join(dir, "media", "huge.jpg"));
    const result = await build(dir);
    if (result.ok) throw new Error("hostile Markdown was published");
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual([
      "seeds/001_script.md:3: raw HTML is not allowed in a story: write it in Markdown",
      "seeds/001_script.md:3: raw HTML is not allowed in a story: write it in Markdown",
      "seeds/002_handler.md:3: raw HTML is not allowed in a story: write it in Markdown",
      "seeds/003_schemes.md:3: link scheme 'javascript:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/003_schemes.md:4: link scheme 'javascript:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/003_schemes.md:5: link scheme 'javascript:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/003_schemes.md:6: a link may not contain control characters",
      "seeds/003_schemes.md:7: link scheme 'data:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/003_schemes.md:8: link scheme 'vbscript:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/003_schemes.md:9: link scheme 'javascript:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/003_schemes.md:10: protocol-relative links are not allowed: write https://…",
      "seeds/004_references.md:3: remote images are not allowed: put the photo in seeds/media/ and write ![description](media/photo.jpg)",
      "seeds/004_references.md:5: link scheme 'javascript:' is not allowed (only http, https, mailto, relative and # links)",
      "seeds/005_deep-quotes.md:3: nested more than 32 levels deep (block quotes and lists)",
      "seeds/006_deep-lists.md:3: nested more than 32 levels deep (block quotes and lists)",
      "seeds/007_photos.md:3: image media/harbour-at-dawn.jpg has no alt text: describe the photo in ![…](media/harbour-at-dawn.jpg)",
      "seeds/007_photos.md:4: remote images are not allowed: put the photo in seeds/media/ and write ![description](media/photo.jpg)",
      'seeds/007_photos.md:5: image path "media/../../etc/passwd" is outside seeds/media/ (write media/photo.jpg)',
      "seeds/008_headings.md:5: a second '# ' heading: the first is the headline; use '## ' for sections",
      "seeds/009_script-in-text.md:3: raw HTML is not allowed in a story: write it in Markdown",
      "seeds/011_photo-in-headline.md:1: image media/harbour-at-dawn.jpg in the headline: put it in a paragraph of its own",
      "seeds/012_emphasis.md:3: more than 500 emphasis markers (*, _ or ~) in one paragraph: write them as \\* or in code",
      "seeds/010_photo-files.md:3: image media/nothing-here.jpg does not exist (put it in seeds/media/)",
      "seeds/010_photo-files.md:4: image media/not-a-photo.jpg is not an image this build can read (use JPEG, PNG or WebP)",
      "seeds/010_photo-files.md:5: image media/empty.jpg is empty (0 bytes)",
      "seeds/010_photo-files.md:6: image media/huge.jpg is 100.0 megapixels; the limit is 40 (scale it down first)",
    ]);
  });

  it("publishes a 5,000-column table and ]]> and </script> in code intact, escaped", async () => {
    const columns = 5000;
    const table = [
      `| ${Array.from({ length: columns }, (_, i) => `c${i}`).join(" | ")} |`,
      `|${"---|".repeat(columns)}`,
      `| ${Array.from({ length: columns }, (_, i) => `${i}`).join(" | ")} |`,
    ].join("\n");
    const dir = folder({
      "001_wide.md": `# Wide\n\n${table}\n\nCode: \`]]> </script>\` and\n\n\`\`\`\n</script><script>alert(1)</script> ]]>\n\`\`\`\n`,
    });
    const result = await build(dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const html = result.stories[0]!.html!;
    expect(html.match(/<th>/g)).toHaveLength(columns);
    expect(html).toContain("<code>]]> &#x3C;/script></code>");
    expect(html).toContain("&#x3C;/script>&#x3C;script>alert(1)&#x3C;/script> ]]>");
    expect(html).not.toMatch(/<script|<\/script/);
  });

  it("never lets a script, an event handler or a foreign scheme through (property)", () => {
    const token = fc.constantFrom(
      "<",
      ">",
      "[",
      "]",
      "(",
      ")",
      "!",
      "*",
      "_",
      "`",
      "#",
      ":",
      "&",
      ";",
      "\\",
      '"',
      "'",
      "\n",
      " ",
      "-",
      "|",
      "javascript",
      "JAVASCRIPT",
      "data",
      "vbscript",
      "script",
      "onerror=",
      "alert(1)",
      "&#106;",
      "&#x09;",
      "http://x.example",
      "media/a.jpg",
      "img",
      "a href=",
      "]]>",
      "</script>",
      "x",
      "1.",
      ">",
    );
    const photo = {
      image: { src: "media/a.jpg", hash: "0123456789abcdef", width: 800, height: 600 },
      ref: { alt: "a" },
    };
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 60 }).map((parts) => parts.join("")),
        (text) => {
          const body = parseMarkdown(`# T\n\n${text}`, 1, false);
          if (body.problems.length > 0) return;
          const html = markdownHtml(
            body.tree,
            body.images.map(() => photo),
            0,
          );
          expect(html).not.toMatch(/<script|<iframe|<object|<embed|<style|<[a-z][^>]*\son[a-z]+=/i);
          // Attributes of tags only: text may say `href=":"` (quotes need no escaping there, and
          // `<` always is, so every `<` starts a real tag).
          for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
            for (const [, url] of tag.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
              expect(url).toMatch(/^(?:https?:|mailto:|\/|#|[^:]*$)/i);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("photos", () => {
  it("are refused in a .txt seed's folder only when a story shows them: media/ is not a seed", async () => {
    const dir = tempFolder();
    mkdirSync(join(dir, "media"));
    writeFileSync(join(dir, "media", "unused.jpg"), "not even a photo");
    writeFileSync(join(dir, "001_plain.txt"), "Plain\nParagraph.\n");
    const result = await build(dir);
    expect(result.ok).toBe(true);
  });
});
