"""The firm profile's fixed lists: UK regions, size bands and manufacturing sectors."""

from django.db import models


class Region(models.TextChoices):
    """UK ITL1 regions."""

    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE_HUMBER = "yorkshire-humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class SizeBand(models.TextChoices):
    MICRO = "micro", "Micro (1–9 employees)"
    SMALL = "small", "Small (10–49 employees)"
    MEDIUM = "medium", "Medium (50–249 employees)"


class Sector(models.TextChoices):
    """SIC 2007 section C, manufacturing divisions 10–33."""

    FOOD = "10", "10 Food products"
    BEVERAGES = "11", "11 Beverages"
    TOBACCO = "12", "12 Tobacco products"
    TEXTILES = "13", "13 Textiles"
    APPAREL = "14", "14 Wearing apparel"
    LEATHER = "15", "15 Leather and related products"
    WOOD = "16", "16 Wood and cork products (not furniture)"
    PAPER = "17", "17 Paper and paper products"
    PRINTING = "18", "18 Printing and reproduction of recorded media"
    PETROLEUM = "19", "19 Coke and refined petroleum products"
    CHEMICALS = "20", "20 Chemicals and chemical products"
    PHARMA = "21", "21 Pharmaceutical products"
    RUBBER_PLASTICS = "22", "22 Rubber and plastic products"
    MINERALS = "23", "23 Other non-metallic mineral products (glass, ceramics, concrete)"
    BASIC_METALS = "24", "24 Basic metals"
    FABRICATED_METALS = "25", "25 Fabricated metal products"
    ELECTRONICS = "26", "26 Computer, electronic and optical products"
    ELECTRICAL = "27", "27 Electrical equipment"
    MACHINERY = "28", "28 Machinery and equipment"
    MOTOR_VEHICLES = "29", "29 Motor vehicles, trailers and semi-trailers"
    OTHER_TRANSPORT = "30", "30 Other transport equipment (aerospace, rail, marine)"
    FURNITURE = "31", "31 Furniture"
    OTHER = "32", "32 Other manufacturing"
    REPAIR = "33", "33 Repair and installation of machinery and equipment"
