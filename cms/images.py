"""Image uploads refused with a form error when the image library cannot read them whole.

Wagtail's image field reads the size an image declares to compare it with
``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, and nothing more: a PNG declaring a huge size (a
decompression bomb) makes Pillow raise before that comparison (Willow decodes the image to read
its size), and a damaged image raises while it is decoded, both a 500; a damaged GIF whose first
frame is sound is saved, and every page showing it fails when its renditions are made.
``ReadableImageField`` compares the size declared in the image's header with the limit before
anything is decoded, turns what the image library raises into a form error, and decodes every
frame of an accepted image (bounded by the pixel limit) before it is saved.

``ImageForm`` is the base of every Wagtail image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): the
upload page, the multiple upload, the chooser's upload and the edit page.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext
from PIL import Image, ImageSequence
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class ReadableImageField(WagtailImageField):
    def to_python(self, data):
        try:
            self.check_declared_pixels(data)
            upload = super().to_python(data)
            if upload is not None:
                decode_every_frame(upload)
        except ValidationError:
            raise
        except Image.DecompressionBombError as error:
            raise ValidationError(
                gettext("This image has too many pixels (more than %(max_pixels)s).")
                % {"max_pixels": number_format(self.max_image_pixels, force_grouping=True)},
                code="file_too_many_pixels",
            ) from error
        except Exception as error:  # noqa: BLE001 -- whatever a damaged file makes Pillow raise
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        return upload

    def check_declared_pixels(self, data):
        """Compare the size the image declares with the limit, reading its header only: Wagtail's
        own check comes after Willow has decoded the image."""
        if self.max_image_pixels is None or not hasattr(data, "read"):
            return
        try:
            with Image.open(data) as image:  # the header only
                width, height = image.size
        except Image.DecompressionBombError:
            raise
        except Exception:  # noqa: BLE001 -- not a format Pillow reads: Wagtail's checks answer
            return
        finally:
            data.seek(0)
        if width * height > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


def decode_every_frame(upload):
    """Decode each frame of the uploaded image (raises what the image library raises)."""
    image = upload.image.get_pillow_image()
    for frame in ImageSequence.Iterator(image):
        frame.load()
    upload.seek(0)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, ReadableImageField):
            self.fields["file"] = ReadableImageField(
                label=field.label, required=field.required, widget=field.widget
            )
