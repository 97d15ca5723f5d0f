"""Preparing for Adulthood casework: young people with EHC plans moving on to adult
services. The models live with the other models, in workstreams.models.casework."""
