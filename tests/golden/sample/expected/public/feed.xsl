<?xml version="1.0" encoding="UTF-8"?>
<!--
  feed.xsl: feedgen's RSS 2.0 and Atom 1.0 feeds as a page a browser shows,
  with a line telling a person how to subscribe. Named by the feeds'
  xml-stylesheet instruction with `stylesheet: true`; feed readers ignore it.
  XSLT 1.0, no script, no disable-output-escaping (Firefox has none): every
  value is written as text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    exclude-result-prefixes="atom content">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:apply-templates select="rss/channel | atom:feed"/>
  </xsl:template>

  <!-- The page around either kind of feed. -->
  <xsl:template name="page">
    <xsl:param name="lang"/>
    <xsl:param name="title"/>
    <xsl:param name="subtitle"/>
    <xsl:param name="site"/>
    <xsl:param name="self"/>
    <xsl:param name="kind"/>
    <xsl:param name="items"/>
    <html>
      <xsl:if test="$lang"><xsl:attribute name="lang"><xsl:value-of select="$lang"/></xsl:attribute></xsl:if>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$kind"/> feed)</title>
        <style>
body{font:1rem/1.5 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem;color:#222;background:#fff;overflow-wrap:anywhere}
header{border-bottom:2px solid #222;margin-bottom:1rem}
.subscribe{background:#eef4fb;border:1px solid #9bbbe0;padding:.5rem .75rem}
.subscribe code{word-break:break-all}
article{border-bottom:1px solid #ccc;padding:.5rem 0 1rem}
h2{font-size:1.3rem;margin:.5rem 0 .25rem}
.meta{color:#555;font-size:.9rem}
        </style>
      </head>
      <body>
        <header>
          <h1 dir="auto"><xsl:value-of select="$title"/></h1>
          <xsl:if test="$subtitle"><p dir="auto"><xsl:value-of select="$subtitle"/></p></xsl:if>
          <p class="subscribe">This is a news feed (<xsl:value-of select="$kind"/>).
            To subscribe, copy its address into your feed reader:
            <code><xsl:value-of select="$self"/></code></p>
          <xsl:if test="$site"><p><a href="{$site}">Visit the website</a></p></xsl:if>
        </header>
        <main>
          <xsl:copy-of select="$items"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="rss/channel">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="language"/>
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="subtitle" select="description"/>
      <xsl:with-param name="site" select="link"/>
      <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="kind" select="'RSS'"/>
      <xsl:with-param name="items">
        <xsl:for-each select="item">
          <article>
            <h2 dir="auto"><a href="{link}"><xsl:value-of select="title"/></a></h2>
            <p class="meta"><xsl:value-of select="pubDate"/></p>
            <!-- description is HTML: the escaped summary, or the body itself, which is not shown. -->
            <xsl:if test="description and string(description) != string(content:encoded)">
              <p dir="auto"><xsl:call-template name="unescape">
                <xsl:with-param name="s" select="string(description)"/>
              </xsl:call-template></p>
            </xsl:if>
          </article>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="@xml:lang"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="subtitle" select="atom:subtitle"/>
      <xsl:with-param name="site" select="atom:link[@rel='alternate']/@href"/>
      <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="kind" select="'Atom'"/>
      <xsl:with-param name="items">
        <xsl:for-each select="atom:entry">
          <article>
            <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
            <h2 dir="auto"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
            <p class="meta"><xsl:value-of select="atom:published"/></p>
            <xsl:if test="atom:summary"><p dir="auto"><xsl:value-of select="atom:summary"/></p></xsl:if>
          </article>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- An escaped summary (&amp; &lt; &gt; &quot;, as feedgen writes it) back to its text. -->
  <xsl:template name="unescape">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&amp;')">
        <xsl:variable name="rest" select="substring-after($s, '&amp;')"/>
        <xsl:value-of select="substring-before($s, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'quot;')">"<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 6)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="unescape"><xsl:with-param name="s" select="$rest"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
