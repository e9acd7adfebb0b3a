<?xml version="1.0" encoding="UTF-8"?>
<!--
  A simple TEI → HTML stylesheet (XSLT 1.0, for xsltproc), used by bench/run.sh
  as a baseline for teikit’s HTML export: one HTML page with every document,
  its heads, dateline, paragraphs, lists, speeches, closers, citations and
  footnotes. It does comparable work to teikit's single-file export (one pass,
  footnotes gathered per document), without teikit's templates, navigation or
  index pages.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <html>
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="normalize-space(//tei:titleStmt/tei:title[1])"/></title>
      </head>
      <body>
        <h1><xsl:value-of select="normalize-space(//tei:titleStmt/tei:title[1])"/></h1>
        <xsl:apply-templates select="//tei:text/tei:body/tei:div"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="tei:div">
    <section class="document" id="{@xml:id}">
      <xsl:if test="@n">
        <p class="number">No. <xsl:value-of select="@n"/></p>
      </xsl:if>
      <xsl:apply-templates/>
      <xsl:if test=".//tei:note[@place='foot']">
        <ol class="footnotes">
          <xsl:for-each select=".//tei:note[@place='foot']">
            <li id="{@xml:id}"><xsl:apply-templates/></li>
          </xsl:for-each>
        </ol>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="tei:head">
    <h2><xsl:apply-templates/></h2>
  </xsl:template>
  <xsl:template match="tei:head[@type='sub']">
    <h3><xsl:apply-templates/></h3>
  </xsl:template>

  <xsl:template match="tei:opener">
    <div class="opener"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:dateline">
    <p class="dateline"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:note[@type='marking']">
    <p class="marking"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:p">
    <p><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:list">
    <ul><xsl:apply-templates/></ul>
  </xsl:template>
  <xsl:template match="tei:item">
    <li><xsl:apply-templates/></li>
  </xsl:template>
  <xsl:template match="tei:sp">
    <div class="sp"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:speaker">
    <b class="speaker"><xsl:apply-templates/></b>
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:sp/tei:p">
    <span class="turn"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="gap" title="omitted by the compiler">&lt;…&gt;</span>
  </xsl:template>
  <xsl:template match="tei:supplied">
    <span class="supplied">[<xsl:apply-templates/>]</span>
  </xsl:template>
  <xsl:template match="tei:ex">
    <span class="ex">[<xsl:apply-templates/>]</span>
  </xsl:template>
  <xsl:template match="tei:choice">
    <span class="corr" title="{normalize-space(tei:sic)}"><xsl:apply-templates select="tei:corr"/></span>
  </xsl:template>
  <xsl:template match="tei:hi">
    <span class="{@rend}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:note[@place='foot']">
    <sup><a href="#{@xml:id}"><xsl:value-of select="@n"/></a></sup>
  </xsl:template>
  <xsl:template match="tei:anchor">
    <sup id="{@xml:id}"><xsl:value-of select="@n"/></sup>
  </xsl:template>
  <xsl:template match="tei:note">
    <p class="note"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:closer">
    <p class="closer"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:listBibl">
    <p class="citations"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:bibl">
    <span class="witness">
      <xsl:for-each select="tei:msIdentifier/*">
        <xsl:if test="position() &gt; 1">, </xsl:if>
        <xsl:choose>
          <xsl:when test="@type='fond'">f. </xsl:when>
          <xsl:when test="@type='opis'">op. </xsl:when>
          <xsl:when test="@type='papka'">p. </xsl:when>
          <xsl:when test="@type='delo'">d. </xsl:when>
        </xsl:choose>
        <xsl:value-of select="."/>
      </xsl:for-each>
      <xsl:for-each select="tei:citedRange">, <xsl:value-of select="."/></xsl:for-each>
      <xsl:text>. </xsl:text>
    </span>
  </xsl:template>
</xsl:stylesheet>
