"""StreamField blocks shared by the portal's pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "portal/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("video address"), help_text=_("YouTube or Vimeo link"))
    title = blocks.CharBlock(label=_("title"), max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "portal/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "portal/blocks/document.html"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("table caption"), max_length=255)
    table = TableBlock(label=_("table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "portal/blocks/table.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template="portal/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "blockquote"],
    )
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    table = TableWithCaptionBlock()

    class Meta:
        label = _("Body")
