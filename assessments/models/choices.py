"""The firm profile's fixed lists: UK regions, size bands and manufacturing sectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """UK ITL1 regions."""

    NORTH_EAST = "north-east", _("North East")
    NORTH_WEST = "north-west", _("North West")
    YORKSHIRE_HUMBER = "yorkshire-humber", _("Yorkshire and The Humber")
    EAST_MIDLANDS = "east-midlands", _("East Midlands")
    WEST_MIDLANDS = "west-midlands", _("West Midlands")
    EAST_OF_ENGLAND = "east-of-england", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south-east", _("South East")
    SOUTH_WEST = "south-west", _("South West")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


NATIONS_OUTSIDE_ENGLAND = (Region.WALES, Region.SCOTLAND, Region.NORTHERN_IRELAND)
ENGLISH_REGIONS = frozenset(r.value for r in Region if r not in NATIONS_OUTSIDE_ENGLAND)


class SizeBand(models.TextChoices):
    MICRO = "micro", _("Micro (1–9 employees)")
    SMALL = "small", _("Small (10–49 employees)")
    MEDIUM = "medium", _("Medium (50–249 employees)")


class Sector(models.TextChoices):
    """SIC 2007 section C, manufacturing divisions 10–33."""

    FOOD = "10", _("10 Food products")
    BEVERAGES = "11", _("11 Beverages")
    TOBACCO = "12", _("12 Tobacco products")
    TEXTILES = "13", _("13 Textiles")
    APPAREL = "14", _("14 Wearing apparel")
    LEATHER = "15", _("15 Leather and related products")
    WOOD = "16", _("16 Wood and cork products (not furniture)")
    PAPER = "17", _("17 Paper and paper products")
    PRINTING = "18", _("18 Printing and reproduction of recorded media")
    PETROLEUM = "19", _("19 Coke and refined petroleum products")
    CHEMICALS = "20", _("20 Chemicals and chemical products")
    PHARMA = "21", _("21 Pharmaceutical products")
    RUBBER_PLASTICS = "22", _("22 Rubber and plastic products")
    MINERALS = "23", _("23 Other non-metallic mineral products (glass, ceramics, concrete)")
    BASIC_METALS = "24", _("24 Basic metals")
    FABRICATED_METALS = "25", _("25 Fabricated metal products")
    ELECTRONICS = "26", _("26 Computer, electronic and optical products")
    ELECTRICAL = "27", _("27 Electrical equipment")
    MACHINERY = "28", _("28 Machinery and equipment")
    MOTOR_VEHICLES = "29", _("29 Motor vehicles, trailers and semi-trailers")
    OTHER_TRANSPORT = "30", _("30 Other transport equipment (aerospace, rail, marine)")
    FURNITURE = "31", _("31 Furniture")
    OTHER = "32", _("32 Other manufacturing")
    REPAIR = "33", _("33 Repair and installation of machinery and equipment")


class Language(models.TextChoices):
    """The languages of the service (settings.LANGUAGES): English at today's URLs, Welsh under /cy/.
    Each label is the language's own name, as the switcher shows it."""

    ENGLISH = "en-gb", "English"
    WELSH = "cy", "Cymraeg"
