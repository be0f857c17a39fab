"""Captions and photo credits: the text under a picture, not the article's.

Catches
- credit lines: "Photo: AFP.", "Foto: dpa", "Bild: Keystone", "Crédit photo : AFP",
  "Quelle: dpa", "Source: Reuters";
- bracketed credits: "[Photo by Name/Getty Images]", "(Foto: Name / Reuters)";
- a short caption that ends in a credit: "... Photo: Name/Agency)", "... 2016. © Name / Reuters";
- picture furniture: "Click to Enlarge", "ILLUSTRATIVE IMAGE", "Bild vergrößern",
  "Agrandir l'image".

Keeps a long sentence that merely starts with "Photo" ("Photo opportunities were
rare ..."): every pattern needs a credit marker (colon, "by", ©, an agency).
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, SpanRule, Strength, words

CREDIT_LABELS = words(
    "photo", "photos", "photograph", "photography", "picture", "pictures", "image", "images",
    "pic", "credit", "credits", "photo credit", "image credit", "image source", "source image",
    "foto", "fotos", "bild", "bilder", "bildquelle", "quelle foto", "titelbild", "beitragsbild",
    "crédit photo", "crédits photo", "crédit", "crédits", "illustration", "photo d'illustration",
    "imagen", "imágenes", "fotografía", "crédito", "immagine", "fotografia", "zdjęcie", "fot",
    "afbeelding", "kuva", "bildkälla", "foto di", "grafik", "grafika", "karikatur",
    "фото", "фотография", "источник фото", "фото и видео",
    "quelle", "source", "fuente", "fonte", "źródło",
)  # fmt: skip

AGENCIES = words(
    "getty images", "getty", "reuters", "ap", "afp", "epa", "dpa", "shutterstock", "istock",
    "istockphoto", "keystone", "imago", "picture alliance", "picture-alliance", "ansa", "efe",
    "xinhua", "alamy", "corbis", "unsplash", "pixabay", "flickr", "wikimedia commons",
    "wikimedia", "press association", "pa", "associated press", "agencia", "sipa", "abaca",
    "bloomberg", "nurphoto", "anadolu", "tass", "ria novosti", "kyodo", "yonhap", "adobe stock",
    "fotolia", "colourbox", "stock.adobe.com", "apa", "sda", "pexels", "depositphotos",
)  # fmt: skip

FURNITURE = words(
    "click to enlarge", "click to expand", "click image to enlarge", "enlarge image",
    "enlarge this image", "view larger", "view gallery", "view slideshow", "illustrative image",
    "illustrative photo", "file photo", "stock photo", "bild vergrößern", "bild vergrössern",
    "zum vergrößern klicken", "zum vergrössern anklicken", "zur galerie", "galerie öffnen",
    "agrandir l'image", "agrandir la photo", "voir la galerie", "ampliar imagen",
    "ampliar foto", "ver galería", "ingrandisci", "vedi galleria", "ampliar", "powiększ",
    "image", "photo", "foto", "bild", "symbolbild", "symbolfoto", "archivbild", "archivfoto",
    "photo d'archive", "imagen de archivo", "foto de archivo", "foto d'archivio",
)  # fmt: skip

CREDIT_NAME_MAX_CHARS = 60

ENLARGE_PROMPTS = words(
    "zum vergrößern", "zum vergrössern", "click to enlarge", "click on the image to enlarge",
    "click on image to enlarge", "cliquez pour agrandir", "cliquez sur l'image pour l'agrandir",
    "haga clic para ampliar", "clicca per ingrandire",
)  # fmt: skip

RULES = (
    LineRule(
        "enlarge_prompt",
        Category.CAPTION,
        Strength.STRONG,
        rf"{ENLARGE_PROMPTS}[^\n]{{0,60}}",
        "picture control ('Zum Vergrößern auf das Bild klicken')",
    ),
    LineRule(
        "credit_line",
        Category.CAPTION,
        Strength.STRONG,
        rf"[\[(]?{CREDIT_LABELS}[^\S\n]{{0,2}}[:：][^\S\n]{{0,3}}[^\n]{{1,120}}",
        "photo credit line",
    ),
    LineRule(
        "credit_by_line",
        Category.CAPTION,
        Strength.STRONG,
        rf"[\[(]?{CREDIT_LABELS}[^\S\n]{{1,3}}"
        rf"{words('by', 'courtesy of', 'von', 'de', 'di', 'par', 'por', 'door', 'via')}"
        # A credit names someone: a short tail. "Fotos von der Veranstaltung wurden
        # später ... ausgestellt" is a sentence, and longer.
        rf"[^\S\n]{{1,3}}[^\n]{{1,{CREDIT_NAME_MAX_CHARS}}}",
        "photo credit 'Photo by ...' line",
    ),
    LineRule(
        "copyright_credit_line",
        Category.CAPTION,
        Strength.STRONG,
        rf"(?:©|\(c\))[^\S\n]{{0,3}}[^\n]{{0,40}}{AGENCIES}\b[^\n]{{0,40}}",
        "image copyright credit line",
    ),
    LineRule(
        "agency_credit_line",
        Category.CAPTION,
        Strength.STRONG,
        rf"[\[(]?[^\n]{{0,60}}/[^\S\n]{{0,2}}{AGENCIES}\b[^\S\n]{{0,2}}[\])]?\.?",
        "'Name/Agency' credit line",
    ),
    LineRule(
        "picture_furniture",
        Category.CAPTION,
        Strength.STRONG,
        rf"[\[(]?{FURNITURE}[\])]?[.:]?",
        "picture control or label ('Click to Enlarge')",
    ),
    LineRule(
        "image_file_name",
        Category.CAPTION,
        Strength.STRONG,
        r"[\w\-. ]{1,80}\.(?:jpe?g|png|gif|webp|svg)",
        "image file name",
    ),
)

SPAN_RULES = (
    SpanRule(
        "trailing_credit",
        Category.CAPTION,
        Strength.STRONG,
        rf"[(\[]?{CREDIT_LABELS}[^\S\n]{{0,2}}[:：][^\S\n]{{0,3}}[^\n:]{{1,80}}[)\]]?\.?[^\S\n]*$",
        "caption ending in a photo credit",
        max_block_chars=350,
        markers=(":", "："),
    ),
    SpanRule(
        "trailing_copyright",
        Category.CAPTION,
        Strength.STRONG,
        r"©[^\S\n]{0,3}[^\n©.!?]{1,60}\.?[^\S\n]*$",
        "caption ending in a '© Name / Agency' credit",
        max_block_chars=450,
        markers=("©",),
    ),
    SpanRule(
        "trailing_agency_credit",
        Category.CAPTION,
        Strength.STRONG,
        rf"[(\[](?:[^\n()\[\]]{{0,60}}/[^\S\n]{{0,2}}{AGENCIES}\b[^\n()\[\]]{{0,40}}"
        rf"|{AGENCIES}[^\S\n]{{0,2}}/[^\n()\[\]]{{1,60}})[)\]]\.?[^\S\n]*$",
        "caption ending in a '(Name/Agency)' credit",
        max_block_chars=350,
        markers=("/",),
    ),
)
