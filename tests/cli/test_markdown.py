"""`tui-reader show ID --markdown`: a feed from a local server, printed as Markdown with
its words escaped and only web links kept as links; `unread --sort`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Marked</title>
<link>https://example.org/</link>
<item><title>Two *stars* and a [link](javascript:x)</title><guid isPermaLink="false">m1</guid>
<link>https://example.org/story</link>
<description><![CDATA[<h2>Part one</h2><p>Some <em>stress</em>, <strong>weight</strong> and
<a href="https://example.org/more">more</a>, <a href="javascript:alert(1)">bad</a>.</p>
<ul><li>first</li><li>second</li></ul><blockquote><p>quoted</p></blockquote>
<pre>code *here*</pre>]]></description></item></channel></rss>"""


def test_show_markdown(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/feed.xml", FEED)
    assert run(capsys, "add", feed_server.url("/feed.xml"))[0] == 0
    code, out, _ = run(capsys, "search", "stars")
    article_id = out.split("\t")[0]
    code, out, err = run(capsys, "show", article_id, "--markdown")
    assert code == 0, err
    lines = out.split("\n")
    assert lines[0] == "# Two \\*stars\\* and a \\[link\\](javascript:x)"
    assert "<https://example.org/story>" in lines
    assert "## Part one" in lines
    assert "Some *stress*, **weight** and [more](<https://example.org/more>), bad." in out
    assert "- first\n- second" in out
    assert "> quoted" in lines
    assert "```\ncode *here*\n```" in out


def test_unread_in_each_order(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def listed(*args: str) -> list[str]:
        code, out, err = run(capsys, "unread", *args)
        assert code == 0, err
        return [line.split("\t")[3] for line in out.splitlines()]

    newest = listed()
    assert listed("--sort", "oldest") == newest[::-1]
    assert listed("--sort", "title") == sorted(newest, key=str.lower)
    (data_dir / "config.toml").write_text('sort = "oldest"\n')
    assert listed() == newest[::-1]
    with pytest.raises(SystemExit):
        run(capsys, "unread", "--sort", "random")
    assert "invalid choice: 'random'" in capsys.readouterr().err
