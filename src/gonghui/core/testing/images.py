"""Real photos for tests, drawn with Pillow: uploads are re-encoded, so a signature followed by zeros no longer
passes for a photo."""

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def png(size: tuple[int, int] = (8, 8), colour=(192, 0, 0)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (40, 20), *, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: a position in its EXIF GPS block (Tiananmen), the camera, and an orientation."""
    image = Image.new("RGB", size, (0, 120, 200))
    image.paste((255, 255, 0), (0, 0, size[0] // 2, size[1]))  # left half yellow: shows which way up it is
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",  # GPSLatitudeRef
        2: (39.0, 54.0, 27.0),  # GPSLatitude
        3: "E",  # GPSLongitudeRef
        4: (116.0, 23.0, 29.0),  # GPSLongitude
    }
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()
